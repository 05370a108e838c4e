/** How much of a request body the sandbox reads: at most MAX_BODY_BYTES; the rest of a larger upload is read and dropped. */
import type * as http from 'node:http';
import type { Answer } from './answers';

export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The API's answer to a body over MAX_BODY_BYTES (once the key is right). */
export const BODY_TOO_LARGE: Answer = { code: '7000', description: 'Invalid JSON: body larger than 10 MB', httpStatus: 413 };

export interface BodyReader {
  /** Whether to keep the chunks; without, the body is only counted (its answer is known from the headers). */
  keep: boolean;
  /** The most it reads (MAX_BODY_BYTES by default). */
  limit?: number;
  /** Called once, as soon as the body passes the limit, with the bytes so far; `done` is then never called. */
  tooLarge(bytes: number): void;
  /** Called once at the end of a body within the limit (empty when not kept). */
  done(body: Buffer, bytes: number): void;
}

/** Reads a request body within its limit; nothing is called when the request fails. */
export function readBody(req: http.IncomingMessage, reader: BodyReader): void {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let answered = false;
  const limit = reader.limit ?? MAX_BODY_BYTES;
  req.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (answered) return;
    if (bytes > limit) {
      // Answer at once and drop what was buffered; the rest of the upload is read and
      // discarded by this listener so the client can still read the answer instead of a reset.
      answered = true;
      chunks.length = 0;
      reader.tooLarge(bytes);
      return;
    }
    if (reader.keep) chunks.push(chunk);
  });
  req.on('end', () => {
    if (answered) return;
    answered = true;
    reader.done(Buffer.concat(chunks), bytes);
  });
  req.on('error', () => {
    answered = true;
  });
}
