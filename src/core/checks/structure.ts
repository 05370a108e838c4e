/**
 * Fixes for what the schema reports about a media message's shape (the editor shows the schema's
 * message; these add the one-click fix): a caption or filename where the type has none, a `type`
 * that doesn't match the media object, and the `mimetype` typo.
 */
import { JsonPath, ParsedPayload, placesOf } from '../json/jsonc';
import { own } from '../json/values';
import { MEDIA, MEDIA_TYPES, isMediaType } from '../media/table';
import { WA_PATH, waOf } from '../payload/envelope';
import { t } from '../text/l10n';
import { FixSite, QuickFix, quickFixOf, setFix } from './findings';

/** The fix sites for the schema's media-shape problems (none when the text has syntax errors). */
export function structuralFixes(parsed: ParsedPayload): FixSite[] {
  if (parsed.problems.length > 0) return [];
  const wa = waOf(parsed.value);
  if (!wa) return [];
  // What to fix, found in the value; where, found at the end for all of them at once. A draft
  // without a fix is a key to rename to "mimeType": its fix is the key's place, known at the end.
  const drafts: { path: JsonPath; part: 'value' | 'key' | 'property'; fix?: QuickFix }[] = [];
  const present = MEDIA_TYPES.filter((t) => own(wa, t) && wa[t] && typeof wa[t] === 'object');
  const type = own(wa, 'type') ? wa.type : undefined;
  if (present.length === 1 && type !== undefined && type !== present[0]) {
    const target = present[0];
    const fix = quickFixOf(parsed, setFix(t('Set "type" to "{0}"', target), [...WA_PATH, 'type'], target));
    drafts.push({ path: [...WA_PATH, 'type'], part: 'value', fix }, { path: [...WA_PATH, target], part: 'key', fix });
  }
  for (const mediaType of present) {
    const spec = MEDIA[isMediaType(type) ? type : mediaType];
    const media = wa[mediaType] as Record<string, unknown>;
    if (Array.isArray(media)) continue;
    for (const field of ['caption', 'filename'] as const) {
      if (spec[field] || !own(media, field)) continue;
      const path = [...WA_PATH, mediaType, field];
      drafts.push({ path, part: 'property', fix: quickFixOf(parsed, setFix(t('Remove "{0}" ({1} messages have none)', field, spec.type), path, undefined)) });
    }
    if (own(media, 'mimeType')) continue;
    for (const keyName of Object.keys(media)) {
      if (keyName === 'mimeType' || !/^mime[-_]?type$/i.test(keyName)) continue;
      drafts.push({ path: [...WA_PATH, mediaType, keyName], part: 'key' });
    }
  }
  if (drafts.length === 0) return [];
  const placeAt = placesOf(
    parsed,
    drafts.map((d) => d.path),
  );
  const sites: FixSite[] = [];
  for (const d of drafts) {
    const place = placeAt(d.path);
    if (!d.fix) {
      if (!place?.key) continue;
      // Rename by replacing the key's text; the value stays as written. Offered on both.
      const fix = { title: t('Rename to "{0}"', 'mimeType'), edits: [{ offset: place.key.offset, length: place.key.length, content: '"mimeType"' }], preferred: true };
      sites.push({ offset: place.key.offset, length: place.key.length, fix }, { offset: place.offset, length: place.length, fix });
      continue;
    }
    const span = d.part === 'key' ? place?.key : d.part === 'property' ? place?.property : place;
    if (span) sites.push({ offset: span.offset, length: span.length, fix: d.fix });
  }
  return sites;
}
