/**
 * Checks a media URL from here the way WhatsApp's servers will fetch it (no cookies, no
 * credentials, redirects counted), and judges the answer against the media table, so a link that
 * would fail shows up before sending instead of as a 7701/7727 delivery report later. Only headers
 * are read: a media file can be 100 MB and the check has to stay quick.
 */
import { t } from '../text/l10n';
import { FailureCause, FailureCircumstances, NetworkFailure, describeNetworkFailure, errorCode, startDeadline, withAdvice } from '../net/failures';
import type { Response } from 'node-fetch';
import { NOT_PUBLIC, nodeFetch, publicOnlyAgent } from '../net/fetch';
import type { Readable } from 'node:stream';
import { formatBytes, MEDIA, MediaType, mediaFormats } from './table';
import { normalizeMime } from './mime';

export type ProbeFailure = NetworkFailure | 'invalid-url' | 'too-many-redirects' | 'refused-host';

export interface ProbeResult {
  /** The URL as given. */
  readonly url: string;
  /** The URL after the redirects that were followed. */
  readonly finalUrl: string;
  /** How many redirects were followed. */
  readonly redirects: number;
  /** The request whose answer is reported (or that failed); absent when nothing was sent. */
  readonly method?: 'HEAD' | 'GET';
  /** The final HTTP status. */
  readonly status?: number;
  /** Lower case, without parameters (";charset=…" dropped). */
  readonly contentType?: string;
  /** Bytes: Content-Length of HEAD, the total of a GET's Content-Range, or a GET 200's Content-Length. */
  readonly contentLength?: number;
  readonly durationMs: number;
  /** Set when no final answer was obtained. */
  readonly failure?: ProbeFailure;
  /** For failures: what happened, in a sentence. */
  readonly message?: string;
}

export interface ProbeOptions {
  /** For the whole probe, redirects and the GET retry included. */
  readonly timeoutMs: number;
  /** Default 5. */
  readonly maxRedirects?: number;
  readonly signal?: AbortSignal;
  /**
   * Why a URL must not be fetched from here, asked before each request (the first and every
   * redirect's): a URL refused is reported, never requested. By default every URL may be.
   */
  readonly refuse?: (url: URL) => string | undefined;
  /** Connect only to public addresses, whatever a name resolves to (a name check can't see what DNS answers). */
  readonly publicAddressesOnly?: boolean;
}

export type Severity = 'error' | 'warning' | 'info';

export interface ProbeFinding {
  readonly severity: Severity;
  readonly message: string;
}

const USER_AGENT = 'webex-connect-whatsapp-vscode (media check)';
const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
// Answers of servers that don't implement HEAD, or whose signed URLs (S3, GCS) are valid for GET only.
const HEAD_REFUSED_STATUSES: ReadonlySet<number> = new Set([400, 403, 405, 501]);
const KB = 1024;
const MB = 1024 * 1024;

function isHttp(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}


/** What WhatsApp's servers need, after the network failures where that is the point. */
function probeAdvice(cause: FailureCause): string {
  switch (cause) {
    case 'dns':
      return t("WhatsApp's servers need a host name that resolves on the public internet.");
    case 'tls':
      return t("WhatsApp's servers need a valid certificate from a public authority (unless a proxy on this network intercepts HTTPS).");
    default:
      return '';
  }
}

/** A failed media check described: the shared sentence for what happened, then what WhatsApp needs. */
export function describeProbeFailure(err: unknown, how: FailureCircumstances): { failure: ProbeFailure; message: string } {
  const described = describeNetworkFailure(err, how);
  return { failure: described.kind, message: withAdvice(described.what, probeAdvice(described.cause)) };
}

/** Sends one request and lets go of the body unread: only the status and headers are wanted. */
async function requestHeaders(url: URL, method: 'HEAD' | 'GET', signal: AbortSignal, publicOnly: boolean): Promise<Response> {
  const res = await nodeFetch()(url.href, {
    ...(publicOnly ? { agent: publicOnlyAgent } : {}),
    method,
    // Without Accept-Encoding (compress: false) the Content-Length is the file's own size.
    headers: method === 'GET' ? { 'User-Agent': USER_AGENT, Range: 'bytes=0-0' } : { 'User-Agent': USER_AGENT },
    redirect: 'manual',
    compress: false,
    signal,
  });
  // node-fetch types the body as NodeJS.ReadableStream; at run time it is a stream.Readable (a PassThrough).
  const body = res.body as Readable | null;
  if (body) {
    // node-fetch emits an abort on the body later if the probe's signal fires; nobody reads it.
    body.on('error', () => undefined);
    // Destroying an unfinished body closes the socket, so a server that ignores Range sends no more.
    body.destroy();
  }
  return res;
}

function bareMime(value: string): string {
  return value.split(';')[0].trim().toLowerCase();
}

function parseLength(value: string | null): number | undefined {
  return value !== null && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
}

function sizeOf(res: Response, method: 'HEAD' | 'GET'): number | undefined {
  if (method === 'HEAD') return parseLength(res.headers.get('content-length'));
  if (res.status === 206) {
    const total = /^\s*bytes\s+(?:\d+-\d+|\*)\/(\d+)\s*$/i.exec(res.headers.get('content-range') ?? '');
    return total ? Number(total[1]) : undefined;
  }
  return res.status === 200 ? parseLength(res.headers.get('content-length')) : undefined;
}

/** Fetches a media URL's headers as WhatsApp would; never throws, never downloads the body. */
export async function probeMedia(url: string, options: ProbeOptions): Promise<ProbeResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    return { url, finalUrl: url, redirects: 0, durationMs: elapsed(), failure: 'invalid-url', message: t('"{0}" is not a URL.', url) };
  }
  if (!isHttp(current)) {
    return { url, finalUrl: url, redirects: 0, durationMs: elapsed(), failure: 'invalid-url', message: t('{0} is not an http or https URL; WhatsApp downloads media over HTTPS.', url) };
  }
  if (options.signal?.aborted) {
    return { url, finalUrl: current.href, redirects: 0, durationMs: elapsed(), failure: 'cancelled', message: t('Cancelled.') };
  }
  const refusedFirst = options.refuse?.(current);
  if (refusedFirst !== undefined) {
    return { url, finalUrl: current.href, redirects: 0, durationMs: elapsed(), failure: 'refused-host', message: t('{0} is {1}: not fetched from here.', current.host, refusedFirst) };
  }
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const deadline = startDeadline(options.timeoutMs, options.signal);
  let redirects = 0;
  let method: 'HEAD' | 'GET' = 'HEAD';
  const fail = (failure: ProbeFailure, message: string): ProbeResult => ({ url, finalUrl: current.href, redirects, method, durationMs: elapsed(), failure, message });
  try {
    for (;;) {
      const res = await requestHeaders(current, method, deadline.signal, options.publicAddressesOnly === true);
      const location = REDIRECT_STATUSES.has(res.status) ? res.headers.get('location') : null;
      if (location !== null) {
        let next: URL;
        try {
          next = new URL(location, current);
        } catch {
          return fail('invalid-url', t('{0} answered HTTP {1}, a redirect to "{2}", which is not a URL.', current.href, res.status, location));
        }
        if (!isHttp(next)) return fail('invalid-url', t('{0} redirects to {1}, which is not an http or https URL.', current.href, next.href));
        const refused = options.refuse?.(next);
        if (refused !== undefined) return fail('refused-host', t('{0} redirects to {1}, which is {2}: not fetched from here.', current.href, next.href, refused));
        if (redirects >= maxRedirects) {
          return fail('too-many-redirects', t('Stopped after {0} redirects (the limit): {1} redirects again, to {2}. A redirect loop?', redirects, current.href, next.href));
        }
        redirects++;
        current = next;
        continue;
      }
      const lacksHeaders = !res.headers.has('content-type') && !res.headers.has('content-length');
      if (method === 'HEAD' && (HEAD_REFUSED_STATUSES.has(res.status) || lacksHeaders)) {
        // WhatsApp downloads with GET, so a server's GET answer is the one that counts.
        method = 'GET';
        continue;
      }
      const contentType = bareMime(res.headers.get('content-type') ?? '');
      return {
        url,
        finalUrl: current.href,
        redirects,
        method,
        status: res.status,
        contentType: contentType === '' ? undefined : contentType,
        contentLength: sizeOf(res, method),
        durationMs: elapsed(),
      };
    }
  } catch (err) {
    if (errorCode(err) === NOT_PUBLIC) return fail('refused-host', t('{0} resolves to an address that is not public (this computer or a private network): not fetched from here.', current.hostname));
    const { failure, message } = describeProbeFailure(err, { url: current, timedOut: deadline.timedOut(), cancelled: deadline.cancelled(), timeoutMs: options.timeoutMs });
    return fail(failure, message);
  } finally {
    deadline.dispose();
  }
}

/** "300 KB", or "6.2 MB (6,501,171 bytes)" when the size is not a round number of units. */
function formatSize(bytes: number): string {
  const round = (bytes >= MB && bytes % MB === 0) || (bytes >= KB && bytes % KB === 0);
  if (bytes < KB || round) return formatBytes(bytes);
  const [value, unit] = bytes >= MB ? [bytes / MB, 'MB'] : [bytes / KB, 'KB'];
  // The exact count keeps "5.0 MB" from reading as equal to a 5 MB limit.
  return t('{0} {1} ({2} bytes)', value.toFixed(1), unit, bytes.toLocaleString('en-US'));
}

function statusMessage(status: number, finalUrl: string): string {
  if (status >= 300 && status < 400) return t('The server answered HTTP {0} for {1}, a redirect that could not be followed; WhatsApp needs a direct link to the file.', status, finalUrl);
  if (status === 401 || status === 403) return t('The server answered HTTP {0} for {1}: the file is not public. WhatsApp fetches it without cookies or credentials, from servers in the USA.', status, finalUrl);
  if (status === 404 || status === 410) return t('The server answered HTTP {0} for {1}: there is no file there, and WhatsApp would report 7727 (media not found).', status, finalUrl);
  return t('The server answered HTTP {0} for {1}; WhatsApp would fail to download it (7701, media download error).', status, finalUrl);
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** Judges a probe against what WhatsApp accepts for a media type and the payload's mimeType. */
export function assessProbe(result: ProbeResult, type: MediaType, mimeType: string): ProbeFinding[] {
  const spec = MEDIA[type];
  if (result.failure === 'cancelled') return [{ severity: 'info', message: t('The media check was cancelled.') }];
  if (result.failure !== undefined) {
    const message = result.message ?? t('the check failed ({0}).', result.failure);
    return [{ severity: 'error', message: t("Not reachable: {0} WhatsApp's download would fail too (7701 or 7727).", message) }];
  }
  const findings: ProbeFinding[] = [];
  if (result.redirects > 0) {
    const message =
      result.redirects === 1
        ? t('Followed 1 redirect to {0}. WhatsApp expects a direct link: consider using that address in the payload.', result.finalUrl)
        : t('Followed {0} redirects to {1}. WhatsApp expects a direct link: consider using that address in the payload.', result.redirects, result.finalUrl);
    findings.push({ severity: 'info', message });
  }
  const status = result.status ?? 0;
  if (status < 200 || status > 299) {
    // The headers of an error answer describe an error page, not the file: checking them would only add noise.
    findings.push({ severity: 'error', message: statusMessage(status, result.finalUrl) });
    return sortFindings(findings);
  }

  if (result.contentType !== undefined) {
    const served = normalizeMime(bareMime(result.contentType));
    // Reply-button headers and template parameters give no mimeType: the served type is judged against the media type.
    const declared = mimeType ? normalizeMime(bareMime(mimeType)) : undefined;
    const allowed = spec.mimeTypes.some((m) => m.mime === served);
    if (declared === undefined ? !allowed : served !== declared) {
      const says = result.contentType;
      let message: string;
      if (allowed) {
        message = t('The server says {0}, the payload says {1}: make mimeType match the file, or WhatsApp may fail with 7861 (unsupported MIME type).', says, mimeType);
      } else if (/^(text\/html|application\/xhtml\+xml)$/.test(served)) {
        message =
          declared === undefined
            ? t('The server says {0}: the URL probably serves a web page (a preview, login or error page), not the file. WhatsApp would fail with 7861 (unsupported MIME type).', says)
            : t(
                'The server says {0}, the payload says {1}: the URL probably serves a web page (a preview, login or error page), not the file. WhatsApp would fail with 7861 (unsupported MIME type).',
                says,
                mimeType,
              );
      } else {
        message =
          declared === undefined
            ? t('The server says {0}: it is not a format WhatsApp accepts for {1} ({2}), so the URL probably does not serve the file itself. WhatsApp would fail with 7861 (unsupported MIME type).', says, type, mediaFormats(spec))
            : t(
                'The server says {0}, the payload says {1}: {0} is not a format WhatsApp accepts for {2} messages ({3}), so the URL probably does not serve the file itself. WhatsApp would fail with 7861 (unsupported MIME type).',
                says,
                mimeType,
                type,
                mediaFormats(spec),
              );
      }
      findings.push({ severity: 'error', message });
    }
  }

  if (result.contentLength === undefined) {
    findings.push({ severity: 'info', message: t('Size unknown: the server sent no Content-Length, so the {0} limit could not be checked.', formatBytes(spec.animatedMaxBytes ?? spec.maxBytes)) });
  } else {
    const size = result.contentLength;
    const hardLimit = spec.animatedMaxBytes ?? spec.maxBytes;
    if (size > hardLimit) {
      const message =
        spec.animatedMaxBytes === undefined
          ? t('The file is {0}, over the {1} limit for {2} messages.', formatSize(size), formatBytes(hardLimit), type)
          : t('The file is {0}, over the {1} limit for {2} messages (even for animated stickers).', formatSize(size), formatBytes(hardLimit), type);
      findings.push({ severity: 'error', message });
    } else if (size > spec.maxBytes) {
      findings.push({
        severity: 'warning',
        message: t(
          'The file is {0}: over {1} is allowed only for animated stickers (up to {2}); a static sticker this big is refused.',
          formatSize(size),
          formatBytes(spec.maxBytes),
          formatBytes(hardLimit),
        ),
      });
    }
  }
  return sortFindings(findings);
}

function sortFindings(findings: ProbeFinding[]): ProbeFinding[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
