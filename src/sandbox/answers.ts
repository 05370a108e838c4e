/** How the sandbox answers: JSON bodies, and the Messaging API's two response shapes (an array on success, an object otherwise). */
import type * as http from 'node:http';

/** What the API answers a request: its code and description, and the HTTP status that carries them. */
export interface Answer {
  code: string;
  description: string;
  httpStatus: number;
}

/** Sends `body` as JSON, with its length. */
export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** The API's response body for an answer: `response` is an array for a queued message (1001), an object for anything else. */
export function responseBody(answer: Answer, transid: string): unknown {
  return answer.code === '1001'
    ? { response: [{ code: answer.code, transid, description: answer.description }] }
    : { response: { code: answer.code, description: answer.description, transid } };
}
