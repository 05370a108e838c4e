import type { RejectedMessage } from '../core/send/prepare';
import { terminalSafe } from '../core/text/printable';
import type { Io } from './usage';

/** Why a payload can't be sent, on stderr as wxc send prints it: each problem as file:line:column (terminal-safe), then the summary. */
export function printRejection(io: Io, file: string, rejected: RejectedMessage): void {
  for (const p of rejected.problems) io.err(`${terminalSafe(file)}:${p.line}:${p.column} error ${terminalSafe(p.message)}${p.path ? ` (${terminalSafe(p.path)})` : ''}`);
  io.err(rejected.summary);
}
