import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** What a page of ours is made of: its bundled script (dist/), its stylesheet (media/), where images may come from. */
export interface WebviewPage {
  readonly webview: vscode.Webview;
  readonly extensionUri: vscode.Uri;
  /** The script's file name in dist/, e.g. `preview.js`. */
  readonly script: string;
  /** The stylesheet's file name in media/, e.g. `preview.css`. */
  readonly style: string;
  /** The CSP's img-src sources. */
  readonly imgSrc: string;
  readonly title: string;
  /** The id of the element the script draws into. */
  readonly rootId: string;
}

/**
 * The HTML of a page of ours: only the bundled script runs (a fresh nonce each time), styles only
 * from the extension, nothing else loads but the images `imgSrc` allows, and no referrer is sent.
 * The script draws everything as text nodes; nothing here comes from a payload or a report.
 */
export function webviewHtml(page: WebviewPage): string {
  const { webview, extensionUri } = page;
  const nonce = randomBytes(16).toString('base64');
  const csp = ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src ${webview.cspSource}`, `img-src ${page.imgSrc}`].join('; ');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', page.script));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', page.style));
  return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${page.title}</title>
</head>
<body>
<main id="${page.rootId}"></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
