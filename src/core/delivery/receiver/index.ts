/**
 * The delivery receiver: a small HTTP server on 127.0.0.1 that takes the delivery reports Webex
 * Connect posts to a payload's `notifyurl` and hands each good one to `onReport`, and the
 * customer's events (an app's outbound webhook: MO, postback) to `onEvent`. Plain Node.
 *
 * Once its port is exposed (VS Code's Ports view, a tunnel) it faces the internet, so it trusts
 * nothing: one unguessable path (`/<token>` or `/<token>/<environment>`), POST and HEAD only,
 * JSON only, at most 64 KB, a deadline for slow bodies, the `x-hub-signature` HMAC of the raw body
 * when the environment has a webhook secret. Every refusal is a 4xx and a log line that names
 * neither the token nor the secret; nothing a client sends can crash it.
 *
 * Its parts, one job each: server (startReceiver), requests (the gates, in order), routes (the
 * token path), limits (size, deadlines, reading the body), signatures, deliveries (taking a
 * report), refusals (answers and log lines), publicUrls (notify URLs), options (the contract).
 */
export { RECEIVER_BODY_TIMEOUT_MS, RECEIVER_MAX_BODY_BYTES } from './limits';
export type { Receiver, ReceivedMeta, ReceiverOptions } from './options';
export { checkPublicBaseUrl, newReceiverToken, notifyUrlFor } from './publicUrls';
export { startReceiver } from './server';
