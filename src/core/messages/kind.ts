/**
 * What the product knows about one kind of WhatsApp message, in one place: its schema and hover
 * docs, its scaffold (snippet, sample, New WhatsApp Message…), the checks a schema can't express,
 * and how a send names it. src/core/messages/index.ts lists the kinds; everything else
 * (schema, snippets, samples, quick pick, checks, sandbox, send summary) is derived from that list.
 */
import type { Bubble } from './bubble';
import type { TemplateDefinitions } from './templateDefinitions';
import type { JsonPath } from '../json/jsonc';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Schema = Record<string, unknown>;

/** Groups of the "New WhatsApp Message…" pick, in order. */
export const KIND_GROUPS = ['Media', 'Text', 'Location', 'Contact card', 'Interactive', 'Template'] as const;
export type KindGroup = (typeof KIND_GROUPS)[number];

/**
 * Hands out the fill-in places of a scaffold. One scaffold function, two readers: `SnippetStops`
 * writes VS Code snippet syntax (tab stops, choices), `DefaultStops` the value each place starts
 * with, so a snippet and its sample can't drift apart.
 */
export interface Stops {
  /** A string the user fills in, starting as `defaultText`. */
  text(defaultText: string): string;
  /** One of `options`, starting as the first. */
  choice(options: readonly string[]): string;
  /** A number the user fills in. In a snippet body it is a raw `^${n:…}` string (VS Code's JSON convention). */
  number(defaultValue: number): Json;
  /** true or false, starting as `defaultValue` (raw in a snippet body, like numbers). */
  boolean(defaultValue: boolean): Json;
}

/** Escapes text for use as a snippet placeholder default (`$`, `}` and `\` are special). */
export function escapeSnippetText(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

/** Tab stops in snippet syntax, numbered in the order they are asked for. */
export class SnippetStops implements Stops {
  private next = 1;
  text(defaultText: string): string {
    return `\${${this.next++}:${escapeSnippetText(defaultText)}}`;
  }
  choice(options: readonly string[]): string {
    return `\${${this.next++}|${options.map((o) => o.replace(/[,|\\$}]/g, (c) => `\\${c}`)).join(',')}|}`;
  }
  number(defaultValue: number): Json {
    return `^\${${this.next++}:${defaultValue}}`;
  }
  boolean(defaultValue: boolean): Json {
    return `^\${${this.next++}|${defaultValue},${!defaultValue}|}`;
  }
}

/** Every place as it starts: the scaffold as a plain payload. */
export class DefaultStops implements Stops {
  text(defaultText: string): string {
    return defaultText;
  }
  choice(options: readonly string[]): string {
    return options[0];
  }
  number(defaultValue: number): Json {
    return defaultValue;
  }
  boolean(defaultValue: boolean): Json {
    return defaultValue;
  }
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A fix described as values to set: turned into text edits (jsonc-parser's modify) when shown. */
export interface ValueFix {
  readonly title: string;
  /** Set each `path` to its `value` (undefined removes it), one after the other. */
  readonly changes: readonly { readonly path: JsonPath; readonly value: unknown }[];
}

/**
 * A finding before its place is known: the checks read the parsed value, and the places of all
 * findings are found together at the end, in the parsed payload's tree.
 */
export interface Draft {
  readonly path: JsonPath;
  /** Underline the value (default), the key, or the whole property. */
  readonly part?: 'value' | 'key' | 'property';
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly fixes?: readonly ValueFix[];
}

/** What a kind's checks are given. */
export interface CheckInput {
  /** The whole payload value. */
  readonly payload: Record<string, unknown>;
  /** `channels.OTT-Messaging.wa`, when it is an object. */
  readonly wa: Record<string, unknown> | undefined;
  /** The workspace's template definitions (setting `wxc.templates`), when there are any. */
  readonly templates?: TemplateDefinitions;
  /** Fills in `{{variables}}` the active environment defines (the identity when none is active). */
  readonly fill: (text: string) => string;
}

export interface MessageKind {
  /** The value of `wa.type` (for templates, which have none: "template"). */
  readonly id: string;
  readonly title: string;
  readonly group: KindGroup;
  /** One line for menus and snippet descriptions. */
  readonly summary: string;
  /** A codicon for menus, e.g. `file-media`. */
  readonly icon: string;
  /**
   * Where the message sits: `wa` kinds put `type` and an object named after the kind in
   * `channels.OTT-Messaging.wa`; the template kind puts `message` at the top level.
   */
  readonly placement: 'wa' | 'message';
  /** Kept for reading old payloads, not offered for new ones. */
  readonly deprecated?: string;
  /** The schema of the object named after the kind (`wa.text`, `wa.list`, … or the top-level `message`). */
  contentSchema(): Schema;
  /** Properties this kind adds beside `type` in `wa` (text: `preview_url`). */
  readonly waExtras?: () => Record<string, Schema>;
  /** The object named after the kind, as a scaffold; `mediaBase` replaces the placeholder media host (samples). */
  scaffold(stops: Stops, mediaBase?: string): Json;
  /** Properties of `wa` beside `type` and the content in a scaffold (text: preview_url). */
  scaffoldExtras?(stops: Stops): { [key: string]: Json };
  /** Checks the schema can't express. */
  check?(input: CheckInput): Draft[];
  /** How a send names the message: "list", "template 602076559564625 (spring_offer)" (the name from `templates`, when given). */
  describe?(input: CheckInput): string;
  /** The chat bubble the customer sees (src/core/preview.ts; rendered by the preview beside the editor). */
  preview(input: PreviewInput): Bubble;
}

/** A markdown description: a bold title with whether it is mandatory, text, and an example. */
export function doc(title: string, mandatory: boolean | string, lines: readonly string[], example?: string): string {
  const need = typeof mandatory === 'string' ? mandatory : mandatory ? 'mandatory' : 'optional';
  return [`**${title}** — ${need}.`, ...(lines.length ? ['', ...lines] : []), ...(example ? ['', `Example: \`${example}\``] : [])].join('\n');
}

/** A string schema of at most `max` characters, not empty, with a message that names the limit. */
export function limitedText(what: string, max: number, description: string, min = 1): Schema {
  return {
    type: 'string',
    minLength: min,
    maxLength: max,
    errorMessage: `${what} is text of ${min > 0 ? `1 to ${max}` : `at most ${max}`} characters.`,
    markdownDescription: description,
  };
}

/** An object with exactly one text property (`{ "text": "…" }`), as list and reply bodies, headers and footers are. */
export function textObject(what: string, max: number, description: string): Schema {
  return {
    type: 'object',
    required: ['text'],
    additionalProperties: false,
    markdownDescription: description,
    properties: { text: limitedText(`${what} text`, max, `The ${what.toLowerCase()} text, at most **${max}** characters.`) },
  };
}

/** What a kind's preview is given: the check input, and the active environment's variables by name. */
export interface PreviewInput extends CheckInput {
  /** The active environment's value of a variable, undefined when it defines none. */
  readonly lookup: (name: string) => string | undefined;
}
