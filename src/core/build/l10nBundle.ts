/**
 * The English bundle, l10n/bundle.l10n.json: every message the extension shows, as a translator
 * starts from it. Found in the sources with TypeScript's parser: the `t('…')` calls of src/core
 * (its one door, ./l10n) and the `vscode.l10n.t('…')` calls of src/editor. @vscode/l10n-dev's
 * `export` finds only `l10n.t(…)` member calls, so it sees none of src/core's `t('…')`. Messages
 * that reach t() as data (the schema's own messages, the media table's format lists) are added
 * from their tables. This module runs at build time (and in unit tests), never in the extension.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { SCHEMA_MESSAGES } from '../generated/schemaMessages';
import { MEDIA, MEDIA_TYPES } from '../media/table';
import { KIND_GROUPS } from '../messages/kind';

export const L10N_BUNDLE_FILE = 'l10n/bundle.l10n.json';

/** A t() call whose message is not a literal: its messages must come from a table (see dataMessages). */
export interface DynamicCall {
  /** `src/core/schema/validate.ts:42`. */
  readonly site: string;
  /** The argument as written, e.g. `schema.errorMessage`. */
  readonly argument: string;
}

export interface Extraction {
  /** The literal messages, in the order found. */
  readonly messages: string[];
  readonly dynamicCalls: DynamicCall[];
  /** Templates that break the rules (`{{` inside, a template literal with `${…}`), with their site. */
  readonly mistakes: string[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The names a file calls t() by: `t` imported from ./l10n or ../l10n (or @vscode/l10n). */
function tNames(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!/(^|\/)l10n$/.test(statement.moduleSpecifier.text)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const el of bindings.elements) if ((el.propertyName ?? el.name).text === 't') names.add(el.name.text);
    }
  }
  return names;
}

/** Whether a call is `vscode.l10n.t(…)` or `l10n.t(…)`. */
function isMemberT(callee: ts.Expression): boolean {
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 't') return false;
  const owner = callee.expression;
  return (ts.isIdentifier(owner) && owner.text === 'l10n') || (ts.isPropertyAccessExpression(owner) && owner.name.text === 'l10n');
}

/** Every t() call of the sources under `root`/src. */
export function extractMessages(root: string): Extraction {
  const messages: string[] = [];
  const dynamicCalls: DynamicCall[] = [];
  const mistakes: string[] = [];
  for (const path of sourceFiles(join(root, 'src'))) {
    const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
    const names = tNames(file);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ((ts.isIdentifier(node.expression) && names.has(node.expression.text)) || isMemberT(node.expression))) {
        const arg = node.arguments[0];
        const site = `${relative(root, path).replace(/\\/g, '/')}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) {
          messages.push(arg.text);
          if (arg.text.includes('{{') || arg.text.includes('}}')) mistakes.push(`${site}: "{{" or "}}" inside a template: pass it as an argument`);
        } else if (arg && ts.isTemplateExpression(arg)) {
          mistakes.push(`${site}: a template literal with \${…}: use {0} and pass the value`);
        } else {
          dynamicCalls.push({ site, argument: arg ? arg.getText(file) : '' });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return { messages, dynamicCalls, mistakes };
}

/**
 * The messages that reach t() from tables: the schema's own messages (validate.ts), the media
 * formats (media.ts) and the New Message pick's group names (src/editor/newMessage.ts).
 */
function dataMessages(): string[] {
  const fromSchema = Object.values(SCHEMA_MESSAGES).flatMap((m) => [m.errorMessage, m.patternErrorMessage]);
  const formats = MEDIA_TYPES.map((type) => MEDIA[type].formats);
  return [...fromSchema, ...formats, ...KIND_GROUPS].filter((m): m is string => typeof m === 'string');
}

/** Every message key of the bundle, sorted, each once. */
function bundleMessages(root: string): string[] {
  return [...new Set([...extractMessages(root).messages, ...dataMessages()])].sort();
}

/** The English bundle's text: each message is its own translation. */
export function englishBundle(root: string): string {
  const bundle: Record<string, string> = {};
  for (const m of bundleMessages(root)) bundle[m] = m;
  return `${JSON.stringify(bundle, null, 2)}\n`;
}
