/**
 * What a check finds and where: the one draft type every check returns (media, message kinds,
 * variables; declared with the kinds' contract in messages/kind.ts), placed in the payload text
 * together at the end, with fixes described as values and turned into text edits only when VS Code
 * asks for them.
 */
import { applyEdits } from 'jsonc-parser';
import { TextEditSpec, setValueIn } from '../json/edits';
import { JsonPath, ParsedPayload, Problem, formatPath, lineStarts, placesOf, positionAt } from '../json/jsonc';
import type { Draft, Severity, ValueFix } from '../messages/kind';

export type { Draft, Severity, ValueFix };

export interface QuickFix {
  readonly title: string;
  /** Edits to the payload text. */
  readonly edits?: TextEditSpec[];
  /** Instead of edits: ask for a value and add this variable to the active environment. */
  readonly defineVariable?: string;
  /** Instead of edits: start the delivery receiver (it defines `{{notifyurl}}`). */
  readonly startReceiver?: boolean;
  readonly preferred?: boolean;
}

/** A fix for a problem the schema reports (the editor shows the schema's message). */
export interface FixSite {
  readonly offset: number;
  readonly length: number;
  readonly fix: QuickFix;
}

/** A finding with its place in the text: what every surface (diagnostics, preview, `wxc validate`) shows. */
export interface Finding extends Problem {
  /** The check's id ("url-extension", "list-too-many-rows", "schema", "syntax"…). */
  readonly rule: string;
  readonly severity: Severity;
  readonly fixes: QuickFix[];
}

/** A fix whose edits are worked out when first asked for (when VS Code shows the fix), not on every check. */
export function lazyFix(title: string, edits: () => TextEditSpec[]): QuickFix {
  let computed: TextEditSpec[] | undefined;
  return {
    title,
    preferred: true,
    get edits() {
      return (computed ??= edits());
    },
  };
}

/** Text edits for a fix given as values. Several changes apply one after the other, together one replacement. */
export function quickFixOf(parsed: ParsedPayload, fix: ValueFix): QuickFix {
  return lazyFix(fix.title, () => {
    if (fix.changes.length === 1) return setValueIn(parsed.text, fix.changes[0].path, fix.changes[0].value);
    const text = fix.changes.reduce((t, c) => applyEdits(t, setValueIn(t, c.path, c.value)), parsed.text);
    return [{ offset: 0, length: parsed.text.length, content: text }];
  });
}

/** A fix that sets one value. */
export function setFix(title: string, path: JsonPath, value: unknown): ValueFix {
  return { title, changes: [{ path, value }] };
}

/** The drafts as findings in the text, in document order; a draft whose place is gone is dropped. */
export function placeDrafts(parsed: ParsedPayload, drafts: readonly Draft[]): Finding[] {
  if (drafts.length === 0) return [];
  const placeAt = placesOf(parsed, drafts.map((d) => d.path));
  const starts = lineStarts(parsed.text);
  const out: Finding[] = [];
  for (const d of drafts) {
    const place = placeAt(d.path);
    if (!place) continue;
    const span = d.part === 'key' ? (place.key ?? place) : d.part === 'property' ? (place.property ?? place) : place;
    out.push({
      rule: d.rule,
      severity: d.severity,
      message: d.message,
      fixes: (d.fixes ?? []).map((f) => quickFixOf(parsed, f)),
      path: formatPath(d.path),
      offset: span.offset,
      length: span.length,
      ...positionAt(parsed.text, span.offset, starts),
    });
  }
  return out.sort((a, b) => a.offset - b.offset);
}
