import type { RejectedMessage } from '../core/send/prepare';
import type { Io } from './usage';

/** Why a payload can't be sent, on stderr: each problem as file:line:column, then the summary (wxc send and wxc code alike). */
export function printRejection(io: Io, file: string, rejected: RejectedMessage): void {
  for (const p of rejected.problems) io.err(`${file}:${p.line}:${p.column} error ${p.message}${p.path ? ` (${p.path})` : ''}`);
  io.err(rejected.summary);
}
