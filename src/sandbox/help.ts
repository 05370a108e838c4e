/**
 * The sandbox's help, one text for `wxc sandbox --help` and `node dist/sandbox.js --help` (the
 * usage line names the one that was run).
 */
import { DELIVERY_TRIGGERS } from './deliveryTriggers';

export const SANDBOX_HELP = `Usage: wxc sandbox [--port N] [--templates FILE] [--delivery-delay MS] [--webhook-secret SECRET]
                   [--webhook-url URL] [--service-id ID --service-secret BASE64]

Starts the local sandbox API, a stand-in for Webex Connect's Messaging API on 127.0.0.1 (the one
npm start runs). It accepts only the key in the environment variable WXC_SANDBOX_KEY, and, when
given a service id and secret, JWTs (Authorization: Bearer) made with them.

Options:
  --port N            the port (also WXC_SANDBOX_PORT; 0, the default, picks a free one)
  --templates FILE    its approved templates, in the format of wxc.templates (also
                      WXC_SANDBOX_TEMPLATES; default: the shipped src/sandbox/templates.json)
  --delivery-delay MS the delay before each delivery report of a recipient (Submitted,
                      Delivered, Read), 0 to 60000 (default 200)
  --webhook-secret S  sign delivery reports and customer events with x-hub-signature: sha256=…
                      (better: WXC_SANDBOX_WEBHOOK_SECRET, which stays out of the process list)
  --webhook-url URL   where its customers' events (MO, postback) go, on this machine (also
                      WXC_SANDBOX_WEBHOOK_URL, or later PUT /sandbox/webhook {"url": …})
  --service-id ID     with --service-secret: check Bearer JWTs (also WXC_SANDBOX_SERVICE_ID)
  --service-secret B  the service secret, Base64 as Webex Connect shows it (better:
                      WXC_SANDBOX_SERVICE_SECRET, which stays out of the process list)
  -h, --help          this help

JWTs: HS256 signed with the Base64-decoded secret and iss = the service id are accepted (a JWT
wins over a key sent beside it). Signed with the secret as text, another issuer, alg other than
HS256 (none included), a bad signature, a malformed token, no iat, an iat more than 5 minutes
ahead of the sandbox's clock or an exp more than 60 minutes after iat: 7001 Authentication failed.
Past its exp, or iat over 60 minutes old: 7005 Request expired (the code Webex Connect documents
for an expired request or JWT).

Delivery reports go to a message's notifyurl when it is on this machine: Submitted (7501),
Delivered (7500), Read (7502) per recipient. Failures on demand:
${DELIVERY_TRIGGERS.map((tr) => `  ${tr.when} ${tr.value}`.padEnd(40) + `Failed ${tr.code}, ${tr.meaning}`).join('\n')}

It plays the customer too: POST /sandbox/customers/{waid}/messages with {"text": "…"} (or a
location, contacts, an attachment) or a tap {"transid": "…", "buttonPayload": "…"} posts an MO or
postback event to the webhook; POST /sandbox/customers/{waid}/window {"open": false} closes the
customer's 24-hour window; GET /sandbox/customers/{waid} shows it.`;

/** The help as `node dist/sandbox.js --help` prints it: the same text, under the name it was run by. */
export function standaloneSandboxHelp(): string {
  return SANDBOX_HELP.replace('Usage: wxc sandbox', 'Usage: node dist/sandbox.js');
}
