import * as vscode from 'vscode';
import { MessageKind, kindById, offeredKinds } from '../core/messages';
import { ScaffoldOptions, payloadSnippet } from '../core/messages/scaffold';
import { CommandIds } from './commandIds';
import { PAYLOAD_LANGUAGE } from './payloadFiles';

interface KindPick extends vscode.QuickPickItem {
  readonly messageKind?: MessageKind;
}

/** A kind a pick offers; `note` is said beside it (e.g. that it is outside the customer's window). */
export interface OfferedKind {
  readonly kind: MessageKind;
  readonly note?: string;
}

/**
 * The pick of kinds, grouped by kind of message (Media, Text, Location, Contact card, Interactive,
 * Template) in the order `offer` gives them (a reply to a closed window puts templates first): a
 * group is headed where its kinds start.
 */
export async function pickKind(offer: readonly OfferedKind[] = offeredKinds().map((kind) => ({ kind })), title = vscode.l10n.t('New WhatsApp Message')): Promise<MessageKind | undefined> {
  const items: KindPick[] = [];
  let heading: string | undefined;
  for (const o of offer) {
    const group = o.kind.group;
    if (group !== heading) {
      items.push({ label: vscode.l10n.t(group), kind: vscode.QuickPickItemKind.Separator });
      heading = group;
    }
    items.push({ messageKind: o.kind, label: `$(${o.kind.icon}) ${o.kind.title}`, description: o.note ? `${o.note} · ${o.kind.summary}` : o.kind.summary });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: vscode.l10n.t('Choose the kind of message'),
    matchOnDescription: true,
  });
  return picked?.messageKind;
}

/** An untitled URI named `new-<type>.wa.json` (numbered if taken), so the payload schema applies before saving. */
function untitledPayloadUri(type: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const taken = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  for (let n = 1; ; n++) {
    const name = n === 1 ? `new-${type}.wa.json` : `new-${type}-${n}.wa.json`;
    const uri = folder
      ? vscode.Uri.joinPath(folder, name).with({ scheme: 'untitled' })
      : vscode.Uri.from({ scheme: 'untitled', path: name });
    if (!taken.has(uri.toString())) return uri;
  }
}

/**
 * Opens a new payload of the given kind (asks when none is given) as a snippet to tab through.
 * Returns the new document's URI, or undefined when the user cancelled or the kind is unknown.
 */
export async function newMessage(kindArg?: unknown, options: ScaffoldOptions = {}): Promise<vscode.Uri | undefined> {
  const given = kindArg === undefined ? undefined : kindById(kindArg);
  if (kindArg !== undefined && (!given || given.deprecated)) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'Unknown WhatsApp message type {0}. Use one of: {1}.',
        JSON.stringify(kindArg) ?? String(kindArg),
        offeredKinds().map((k) => k.id).join(', '),
      ),
    );
    return undefined;
  }
  const kind = given ?? (await pickKind());
  if (!kind) return undefined;
  return openScaffold(kind, options);
}

/** Opens a new untitled payload of `kind` (`new-<kind>.wa.json`) as a snippet to tab through; resolves to its URI. */
export async function openScaffold(kind: MessageKind, options: ScaffoldOptions = {}): Promise<vscode.Uri> {
  const document = await vscode.workspace.openTextDocument(untitledPayloadUri(kind.id));
  const payload = document.languageId === PAYLOAD_LANGUAGE ? document : await vscode.languages.setTextDocumentLanguage(document, PAYLOAD_LANGUAGE);
  const editor = await vscode.window.showTextDocument(payload);
  await editor.insertSnippet(new vscode.SnippetString(payloadSnippet(kind.id, options)), new vscode.Position(0, 0));
  return payload.uri;
}

/** `receiverRunning`: whether the delivery receiver runs; then the new payload reports to it (`"notifyurl": "{{notifyurl}}"`). */
export function registerNewMessageCommand(context: vscode.ExtensionContext, receiverRunning: () => boolean): void {
  context.subscriptions.push(vscode.commands.registerCommand(CommandIds.newMessage, (kindArg?: unknown) => newMessage(kindArg, { notifyUrl: receiverRunning() })));
}
