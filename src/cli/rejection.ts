import type { RejectedMessage } from '../core/send/prepare';
import { terminalSafe } from '../core/text/printable';
import type { Io } from './usage';

/**
 * Why a payload can't be sent, on stderr as wxc send prints it: what stopped it, then each problem
 * once, as file:line:column (terminal-safe).
 */
export function printRejection(io: Io, file: string, rejected: RejectedMessage): void {
  io.err(rejected.lead);
  for (const p of rejected.problems) io.err(`${terminalSafe(file)}:${p.line}:${p.column} error ${terminalSafe(p.message)}${p.path ? ` (${terminalSafe(p.path)})` : ''}`);
}
