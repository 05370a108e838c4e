import * as vscode from 'vscode';
import { MEDIA, MEDIA_TYPES, MediaType, isMediaType, mediaSummary } from '../core/media';
import { payloadSnippet } from '../core/skeleton';
import { CommandIds } from './commandIds';
import { PAYLOAD_LANGUAGE } from './payloadFiles';

interface MediaPick extends vscode.QuickPickItem {
  readonly type: MediaType;
}

const ICONS: Record<MediaType, string> = {
  image: '$(file-media)',
  audio: '$(unmute)',
  video: '$(device-camera-video)',
  document: '$(file-pdf)',
  sticker: '$(smiley)',
};

async function pickMediaType(): Promise<MediaType | undefined> {
  const items: MediaPick[] = MEDIA_TYPES.map((type) => ({
    type,
    label: `${ICONS[type]} ${MEDIA[type].title}`,
    description: mediaSummary(MEDIA[type]),
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('New WhatsApp Message'),
    placeHolder: vscode.l10n.t('Choose the media type'),
    matchOnDescription: true,
  });
  return picked?.type;
}

/** An untitled URI named `new-<type>.wa.json` (numbered if taken), so the payload schema applies before saving. */
function untitledPayloadUri(type: MediaType): vscode.Uri {
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
 * Opens a new payload of the given media type (asks when none is given) as a snippet to tab through.
 * Returns the new document's URI, or undefined when the user cancelled or the type is unknown.
 */
export async function newMessage(typeArg?: unknown): Promise<vscode.Uri | undefined> {
  if (typeArg !== undefined && !isMediaType(typeArg)) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'Unknown WhatsApp media type {0}. Use one of: {1}.',
        JSON.stringify(typeArg) ?? String(typeArg),
        MEDIA_TYPES.join(', '),
      ),
    );
    return undefined;
  }
  const type = typeArg ?? (await pickMediaType());
  if (!type) return undefined;
  const document = await vscode.workspace.openTextDocument(untitledPayloadUri(type));
  const payload = document.languageId === PAYLOAD_LANGUAGE ? document : await vscode.languages.setTextDocumentLanguage(document, PAYLOAD_LANGUAGE);
  const editor = await vscode.window.showTextDocument(payload);
  await editor.insertSnippet(new vscode.SnippetString(payloadSnippet(type)), new vscode.Position(0, 0));
  return payload.uri;
}

export function registerNewMessageCommand(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand(CommandIds.newMessage, newMessage));
}
