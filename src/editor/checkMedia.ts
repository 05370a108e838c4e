import * as vscode from 'vscode';
import { locate, parsePayload } from '../core/json/jsonc';
import { MediaTarget, mediaTargets } from '../core/media/places';
import { describeProblems } from '../core/send/prepare';
import { preflightFetchesMedia, preflightProbeOptions, preflightRuleProblems, preflightTargets, probeProblems } from '../core/send/preflight';
import { ProbeFinding, ProbeOptions, ProbeResult, assessProbe, probeMedia } from '../core/media/probe';
import { resolveVariables } from '../core/payload/variables';
import { CommandIds } from './commandIds';
import { targetDocument } from './documents';
import { restrictedModeMessage } from './restricted';
import { readSettings } from './config';
import { Environment, Environments } from './environments';

const SEVERITY: Record<ProbeFinding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** One media URL's check, as the command returns it. */
export interface MediaCheckReport {
  readonly type: string;
  readonly url: string;
  readonly result: ProbeResult;
  readonly findings: ProbeFinding[];
}

/** Probes every target under one cancellable progress notification. */
async function probeAll(targets: MediaTarget[], options: (signal: AbortSignal) => ProbeOptions, title: string): Promise<MediaCheckReport[]> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      const reports: MediaCheckReport[] = [];
      for (const t of targets) {
        progress.report({ message: t.url });
        const result = await probeMedia(t.url, options(controller.signal));
        reports.push({ type: t.type, url: t.url, result, findings: assessProbe(result, t.type, t.mimeType) });
      }
      return reports;
    } finally {
      subscription.dispose();
    }
  });
}

/** "Check Media URLs" and the preflight of Send: fetch each media URL as WhatsApp will and judge the answer. */
export class MediaChecker implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('wxc-media-check');
  private readonly listener = vscode.workspace.onDidChangeTextDocument((e) => {
    // A check describes the text it ran on; after an edit it may point at the wrong place.
    // Only when it has something there: a delete sends a message to the editor on every keystroke.
    if (e.contentChanges.length > 0 && this.collection.has(e.document.uri)) this.collection.delete(e.document.uri);
  });

  constructor(
    private readonly environments: Environments,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The `wxc.checkMedia` command. */
  async check(arg?: unknown): Promise<MediaCheckReport[] | undefined> {
    if (!vscode.workspace.isTrusted) {
      restrictedModeMessage(vscode.l10n.t('Checking media URLs'));
      return undefined;
    }
    const document = await targetDocument(arg);
    if (!document) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Open a WhatsApp payload (a *.wa.json file) to check its media.'));
      return undefined;
    }
    const parsed = parsePayload(document.getText());
    if (parsed.problems.length > 0) {
      void vscode.window.showErrorMessage(vscode.l10n.t('The payload can\'t be read: {0} Fix it first, then check its media.', describeProblems(parsed.problems, 1)));
      return undefined;
    }
    const env = this.environments.active();
    const variables = env?.variables ?? {};
    const targets = mediaTargets(parsed.value).map((t) => ({ ...t, url: resolveVariables(t.url, variables).value, mimeType: resolveVariables(t.mimeType, variables).value }));
    const unresolved = targets.filter((t) => t.url.includes('{{'));
    if (targets.length === 0 || unresolved.length > 0) {
      void vscode.window.showWarningMessage(
        targets.length === 0
          ? vscode.l10n.t('This payload has no media URL to check.')
          : vscode.l10n.t('The media URL {0} holds a variable the active environment does not define.', unresolved[0].url),
      );
      return [];
    }
    const timeoutMs = readSettings().timeoutSeconds * 1000;
    const reports = await probeAll(targets, (signal) => ({ timeoutMs, signal }), vscode.l10n.t('Checking media URLs…'));
    const diagnostics: vscode.Diagnostic[] = [];
    for (const [i, r] of reports.entries()) {
      const place = locate(parsed, [...targets[i].path, 'url'], '');
      const range = new vscode.Range(document.positionAt(place.offset), document.positionAt(place.offset + place.length));
      for (const f of r.findings) {
        const d = new vscode.Diagnostic(range, vscode.l10n.t('Media check: {0}', f.message), SEVERITY[f.severity]);
        d.source = 'Webex Connect';
        d.code = 'media-check';
        diagnostics.push(d);
      }
      const summary = r.result.failure ? r.result.message : `HTTP ${r.result.status}, ${r.result.contentType ?? 'no Content-Type'}, ${r.result.contentLength ?? '?'} bytes`;
      this.log.info(`media check ${r.url}: ${summary}${r.findings.length ? ` — ${r.findings.map((f) => f.message).join(' ')}` : ' — OK'}`);
    }
    this.collection.set(document.uri, diagnostics);
    const problems = reports.flatMap((r) => r.findings.filter((f) => f.severity !== 'info'));
    if (problems.length === 0) {
      void vscode.window.showInformationMessage(
        reports.length === 1
          ? vscode.l10n.t('Media check: the URL is reachable, with the right type and size.')
          : vscode.l10n.t('Media check: {0} URLs reachable, with the right type and size.', reports.length),
      );
    } else {
      const found = problems.map((p) => p.message).join(' ');
      void vscode.window.showWarningMessage(
        problems.length === 1 ? vscode.l10n.t('Media check found 1 problem: {0}', found) : vscode.l10n.t('Media check found {0} problems: {1}', problems.length, found),
      );
    }
    return reports;
  }

  /**
   * Before a send: the media rules on the resolved payload, then (unless the endpoint is this
   * machine) the probe of the media on public hosts, never following a redirect off them.
   * Returns the problems in sentences; empty when there are none.
   */
  async preflight(value: unknown, env: Environment, endpoint: URL): Promise<string[]> {
    const problems = preflightRuleProblems(value);
    if (!preflightFetchesMedia(endpoint)) return problems;
    const targets = preflightTargets(value);
    if (targets.length === 0) return problems;
    const timeoutMs = readSettings().timeoutSeconds * 1000;
    const reports = await probeAll(targets, (signal) => preflightProbeOptions(timeoutMs, signal), vscode.l10n.t('Checking media before sending with {0}…', env.label));
    return [...problems, ...probeProblems(reports)];
  }

  dispose(): void {
    this.listener.dispose();
    this.collection.dispose();
  }
}

export function registerMediaChecker(context: vscode.ExtensionContext, environments: Environments, log: vscode.LogOutputChannel): MediaChecker {
  const checker = new MediaChecker(environments, log);
  context.subscriptions.push(checker, vscode.commands.registerCommand(CommandIds.checkMedia, (arg?: unknown) => checker.check(arg)));
  return checker;
}
