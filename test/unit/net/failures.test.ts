/** The one description of network failures, and the advice the send and the media check add to it. */
import * as assert from 'node:assert';
import { describeSendFailure, failureTitle } from '../../../src/core/send/http';
import { describeNetworkFailure } from '../../../src/core/net/failures';
import { describeProbeFailure } from '../../../src/core/media/probe';

const url = new URL('https://api.example.test:8443/resources/v1/messaging');
const plain = { url, timedOut: false, cancelled: false, timeoutMs: 30_000 };
const error = (code: string, message = `connect ${code}`) => Object.assign(new Error(message), { code });

describe('network failures, described once', () => {
  it('says what happened for each kind, naming the host and the code', () => {
    const cases: [unknown, typeof plain, string, string, boolean][] = [
      [error('ECONNREFUSED'), plain, 'refused', 'api.example.test:8443 refused the connection (ECONNREFUSED): nothing listens there.', false],
      [error('ENOTFOUND'), plain, 'dns', 'The host api.example.test could not be found (ENOTFOUND).', false],
      [error('EAI_AGAIN'), plain, 'dns', 'The host api.example.test could not be found (EAI_AGAIN).', false],
      [error('ECONNRESET'), plain, 'reset', 'api.example.test:8443 closed the connection before answering (ECONNRESET).', true],
      [{ cause: { code: 'UND_ERR_SOCKET' } }, plain, 'reset', 'api.example.test:8443 closed the connection before answering (UND_ERR_SOCKET).', true],
      [error('ETIMEDOUT'), plain, 'timeout', 'The connection to api.example.test:8443 timed out (ETIMEDOUT).', false],
      [error('CERT_HAS_EXPIRED'), plain, 'tls', 'The TLS certificate of api.example.test:8443 was not accepted (CERT_HAS_EXPIRED).', false],
      [error('EHOSTUNREACH', 'no route'), plain, 'network', 'The request to api.example.test:8443 failed (EHOSTUNREACH): no route', true],
      [new Error('socket hang up'), plain, 'network', 'The request to api.example.test:8443 failed: socket hang up', true],
      [new Error('aborted'), { ...plain, timedOut: true, timeoutMs: 1500 }, 'timeout', 'No answer from api.example.test:8443 within 1.5 s.', true],
      [new Error('aborted'), { ...plain, cancelled: true }, 'cancelled', 'Cancelled.', true],
    ];
    for (const [err, how, kind, what, mayHaveArrived] of cases) {
      const d = describeNetworkFailure(err, how);
      assert.deepStrictEqual([d.kind, d.what, d.mayHaveArrived], [kind, what, mayHaveArrived], JSON.stringify(err));
    }
  });

  it('a send adds where to look and whether the message may have gone', () => {
    const cases: [unknown, typeof plain, string, string, boolean][] = [
      [
        error('ECONNREFUSED'),
        plain,
        'refused',
        'api.example.test:8443 refused the connection (ECONNREFUSED): nothing listens there. Check the region or baseUrl of the environment (setting wxc.environments).',
        false,
      ],
      [
        error('ENOTFOUND'),
        plain,
        'dns',
        'The host api.example.test could not be found (ENOTFOUND). Check the region or baseUrl (setting wxc.environments) and your network or proxy.',
        false,
      ],
      [
        error('ECONNRESET'),
        plain,
        'reset',
        'api.example.test:8443 closed the connection before answering (ECONNRESET). The message may have been accepted: check the delivery reports before sending again.',
        true,
      ],
      [error('ETIMEDOUT'), plain, 'timeout', 'The connection to api.example.test:8443 timed out (ETIMEDOUT). Check your network or proxy.', false],
      [
        error('SELF_SIGNED_CERT_IN_CHAIN'),
        plain,
        'tls',
        'The TLS certificate of api.example.test:8443 was not accepted (SELF_SIGNED_CERT_IN_CHAIN). A proxy may be intercepting HTTPS; the message was not sent.',
        false,
      ],
      [error('EHOSTUNREACH', 'no route'), plain, 'network', 'The request to api.example.test:8443 failed (EHOSTUNREACH): no route', true],
      [
        new Error('aborted'),
        { ...plain, timedOut: true },
        'timeout',
        'No answer from api.example.test:8443 within 30 s. The message may still have been accepted: check the delivery reports before sending again. Raise the setting wxc.timeoutSeconds if the network is slow.',
        true,
      ],
      [new Error('aborted'), { ...plain, cancelled: true }, 'cancelled', 'Cancelled.', true],
    ];
    for (const [err, how, kind, message, mayHaveBeenSent] of cases) {
      assert.deepStrictEqual(describeSendFailure(err, how, 'editor'), { kind, message, mayHaveBeenSent }, JSON.stringify(err));
    }
    // The command line has no setting: its advice names its option.
    const cli = describeSendFailure(new Error('aborted'), { ...plain, timedOut: true }, 'cli');
    assert.strictEqual(
      cli.message,
      'No answer from api.example.test:8443 within 30 s. The message may still have been accepted: check the delivery reports before sending again. Raise --timeout (seconds, up to 600) if the network is slow.',
    );
  });

  it('has a title for every kind a send can fail with', () => {
    assert.deepStrictEqual(
      (['refused', 'dns', 'tls', 'timeout', 'reset', 'cancelled', 'redirect', 'network'] as const).map(failureTitle),
      ['Connection refused', 'Host not found', 'TLS certificate not accepted', 'Timed out', 'Connection reset', 'Cancelled', 'Redirect not followed', 'Network error'],
    );
  });
});

describe('network failures of the media check', () => {
  it('adds what WhatsApp\'s servers need where that is the point, and nothing elsewhere', () => {
    const media = new URL('https://cdn.example.test/a.jpg');
    const how = { url: media, timedOut: false, cancelled: false, timeoutMs: 5000 };
    assert.deepStrictEqual(describeProbeFailure(error('ENOTFOUND'), how), {
      failure: 'dns',
      message: "The host cdn.example.test could not be found (ENOTFOUND). WhatsApp's servers need a host name that resolves on the public internet.",
    });
    assert.deepStrictEqual(describeProbeFailure(error('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), how), {
      failure: 'tls',
      message:
        "The TLS certificate of cdn.example.test was not accepted (UNABLE_TO_VERIFY_LEAF_SIGNATURE). WhatsApp's servers need a valid certificate from a public authority (unless a proxy on this network intercepts HTTPS).",
    });
    assert.deepStrictEqual(describeProbeFailure(error('ECONNRESET'), how), { failure: 'reset', message: 'cdn.example.test closed the connection before answering (ECONNRESET).' });
    assert.deepStrictEqual(describeProbeFailure(new Error('aborted'), { ...how, timedOut: true }), { failure: 'timeout', message: 'No answer from cdn.example.test within 5 s.' });
  });
});
