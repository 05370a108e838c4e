/** Location messages: a pin with coordinates, and optionally a name and an address. */
import { t } from '../text/l10n';
import { stringField } from './bubbleParts';
import { MessageKind, Schema, Stops, doc } from './kind';
import { WA_PATH } from '../payload/envelope';
import { isObject } from '../json/values';

function coordinate(what: 'longitude' | 'latitude', limit: number, example: number): Schema {
  return {
    type: 'number',
    minimum: -limit,
    maximum: limit,
    errorMessage: `"${what}" is a number from -${limit} to ${limit} (degrees, without quotes).`,
    markdownDescription: doc(what === 'longitude' ? 'Longitude' : 'Latitude', true, [`Degrees from **-${limit} to ${limit}**, as a number (not a string).`], `"${what}": ${example}`),
  };
}

export const location: MessageKind = {
  id: 'location',
  title: 'Location',
  group: 'Location',
  summary: 'A map pin: longitude, latitude, and a name and address',
  icon: 'location',
  placement: 'wa',
  contentSchema: (): Schema => ({
    type: 'object',
    required: ['longitude', 'latitude'],
    additionalProperties: false,
    markdownDescription: doc('The location', 'mandatory when `type` is `"location"`', ['`longitude` and `latitude` are mandatory; `name` and `address` are shown under the map (the address only with a name).']),
    properties: {
      longitude: coordinate('longitude', 180, -122.4194),
      latitude: coordinate('latitude', 90, 37.7749),
      name: { type: 'string', minLength: 1, markdownDescription: doc('Place name', false, ['Shown in bold under the map.'], '"name": "Head office"') },
      address: { type: 'string', minLength: 1, markdownDescription: doc('Address', false, ['Shown under the name; WhatsApp shows it only when `name` is given too.'], '"address": "1 Market St, San Francisco"') },
    },
  }),
  scaffold: (stops: Stops) => ({
    longitude: stops.number(-122.4194),
    latitude: stops.number(37.7749),
    name: stops.text('Head office'),
    address: stops.text('1 Market St, San Francisco, CA'),
  }),
  preview(input) {
    const loc = input.wa?.location;
    const num = (key: string) => (isObject(loc) && typeof loc[key] === 'number' ? (loc[key] as number) : undefined);
    const name = stringField(loc, 'name');
    const address = stringField(loc, 'address');
    return {
      kind: 'location',
      ...(name !== undefined ? { name: input.fill(name) } : {}),
      ...(address !== undefined ? { address: input.fill(address) } : {}),
      ...(num('latitude') !== undefined ? { latitude: num('latitude') } : {}),
      ...(num('longitude') !== undefined ? { longitude: num('longitude') } : {}),
      // WhatsApp shows the address only with a name (the check above warns).
      addressHidden: address !== undefined && name === undefined,
    };
  },
  check({ wa }) {
    const loc = isObject(wa) ? wa.location : undefined;
    if (!isObject(loc) || loc.address === undefined || loc.name !== undefined) return [];
    return [
      {
        path: [...WA_PATH, 'location', 'address'],
        part: 'key',
        rule: 'address-without-name',
        severity: 'warning',
        message: t('WhatsApp shows the address only together with a name: add "name", or the recipient sees a pin without the address.'),
      },
    ];
  },
};
