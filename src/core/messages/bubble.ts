/**
 * What the preview shows of a message, as plain data: the chat bubble each kind describes
 * (MessageKind.preview), with its texts already formatted (WhatsApp's *bold*, _italic_, …), its
 * `{{variables}}` filled in or marked, and its text past WhatsApp's limit marked at the cut. The
 * webview (src/webview) only turns this into elements; src/core/preview.ts puts it together.
 * Types only: the kinds build bubbles with the parts in ./bubbleParts.
 */
import type { MediaType } from '../media/table';
import type { Piece } from '../text/formatting';

/** A run of styled text. */
export interface Segment extends Omit<Piece, 'start'> {
  /** The name of a `{{variable}}` nothing fills in: shown as written, marked. */
  readonly variable?: string;
  /** Past the limit: WhatsApp refuses or cuts the text from here. */
  readonly over?: true;
}

export interface RichText {
  readonly segments: readonly Segment[];
  /** Characters (code points) once variables are filled in, as WhatsApp counts them. */
  readonly chars: number;
  /** WhatsApp's limit for this text, when it has one. */
  readonly limit?: number;
}

export interface MediaTile {
  readonly media: MediaType;
  /** The address, variables filled in. */
  readonly url?: string;
  /** Whether the preview may load it, with consent: https, a public host, no credentials, fully filled in. */
  readonly loadable: boolean;
  readonly filename?: string;
  /** The file's extension (from the file name, else the URL), lower case, no dot. */
  readonly extension?: string;
  readonly mime?: string;
  readonly caption?: RichText;
}

/** A header of an interactive or template message: text, or a media tile. */
export type Header = { readonly text: RichText } | { readonly tile: MediaTile };

export interface Row {
  readonly id: string;
  readonly title: RichText;
  readonly description?: RichText;
}

export interface ContactCard {
  readonly name: string;
  readonly org?: string;
  readonly phones: readonly string[];
  readonly emails: readonly string[];
}

/** The bubble of each kind. */
export type Bubble =
  | ({ readonly kind: 'media' } & MediaTile)
  | { readonly kind: 'text'; readonly body: RichText; readonly linkPreview?: string }
  | { readonly kind: 'location'; readonly name?: string; readonly address?: string; readonly latitude?: number; readonly longitude?: number; readonly addressHidden: boolean }
  | { readonly kind: 'contacts'; readonly cards: readonly ContactCard[] }
  | {
      readonly kind: 'list';
      readonly header?: RichText;
      readonly body?: RichText;
      readonly footer?: RichText;
      readonly button?: RichText;
      readonly sections: readonly { readonly title?: RichText; readonly rows: readonly Row[] }[];
    }
  | { readonly kind: 'reply'; readonly header?: Header; readonly body?: RichText; readonly footer?: RichText; readonly buttons: readonly { readonly id: string; readonly title: RichText }[] }
  | {
      readonly kind: 'template';
      readonly template: string;
      /** The id with its name when wxc.templates gives one: `602076559564625 (spring_offer)`. */
      readonly label: string;
      /** Whether the setting wxc.templates describes it: then header/body/footer/buttons, else the parameters as a table. */
      readonly defined: boolean;
      readonly header?: Header;
      readonly body?: RichText;
      readonly footer?: RichText;
      readonly buttons: readonly { readonly type: string; readonly text: string; readonly url?: string }[];
      readonly parameters: readonly { readonly name: string; readonly value: string }[];
    }
  | { readonly kind: 'notice'; readonly message: string };
