/**
 * What `wxc send` and `wxc code` both start from: the environment named by --env (its endpoint, how
 * it authenticates, the host pitfall warned about on stderr) and the payload file's text.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type EnvironmentAuth, environmentAuth } from '../core/send/auth';
import { endpointFor } from '../core/send/endpoint';
import { t } from '../core/text/l10n';
import { type EnvironmentSetting, type CliSettings, environmentNamed, hostWarning, readSettings } from './settings';
import { type Io, UsageError } from './usage';

export interface Target {
  readonly settings: CliSettings;
  readonly envSetting: EnvironmentSetting;
  readonly url: URL;
  readonly auth: Exclude<EnvironmentAuth, { ok: false }>;
  /** The host pitfall's warning (already printed), when the baseUrl has one. */
  readonly pitfall?: string;
  /** The payload file's text. */
  readonly text: string;
}

/** The environment `name` of the settings and the payload `file`; a UsageError when either is unusable. */
export function readTarget(io: Io, settingsFile: string | undefined, name: string, file: string): Target {
  const settings = readSettings(io.cwd, settingsFile);
  const envSetting = environmentNamed(settings, name);
  const endpoint = endpointFor(envSetting, `environment "${name}"`);
  if (!endpoint.ok) throw new UsageError(endpoint.error);
  const auth = environmentAuth(envSetting, `environment "${name}"`);
  if (!auth.ok) throw new UsageError(auth.error);
  // The host pitfalls: code copied with such a host fails as the send would.
  const pitfall = hostWarning(settings, name, envSetting);
  if (pitfall) io.err(pitfall);
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (err) {
    throw new UsageError(t('{0}: cannot be read: {1}', file, (err as Error).message));
  }
  return { settings, envSetting, url: endpoint.url, auth, pitfall, text };
}
