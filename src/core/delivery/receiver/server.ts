/** startReceiver: the HTTP server on 127.0.0.1 that puts the parts together, listens, and closes with every connection it has. */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { limitsOf, serverTimeouts } from './limits';
import type { Receiver, ReceiverOptions } from './options';
import { newReceiverToken } from './publicUrls';
import { answer, type Log, refuseConnect, refuseMalformed, safeLog } from './refusals';
import { handleRequest } from './requests';
import { isUsableToken } from './routes';
import { t } from '../../text/l10n';

const HOST = '127.0.0.1';

/** Starts the receiver on 127.0.0.1 and resolves once it listens. */
export function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const token = options.token ?? newReceiverToken();
  if (!isUsableToken(token)) {
    return Promise.reject(new Error('startReceiver: the token must be at least 16 characters of A-Z a-z 0-9 _ -'));
  }
  const limits = limitsOf(options);
  const log = safeLog(options);
  const handling = { token, limits, options, log };
  const server = http.createServer(serverTimeouts(limits), (req, res) => {
    try {
      handleRequest(req, res, handling);
    } catch (err) {
      log(t('Delivery receiver: internal error: {0}', (err as Error).message));
      answer(req, res, 500, 'internal error');
    }
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // Malformed requests, oversized headers, headers too slow: answer when the socket still can, never throw.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => refuseMalformed(err, socket, log));
  // CONNECT never reaches the request handler; without this it would be dropped unanswered.
  server.on('connect', (_req: http.IncomingMessage, socket: Socket) => refuseConnect(socket, log));
  return listen(server, options.port ?? 0, token, sockets, log);
}

/** Listens on 127.0.0.1 and resolves with the Receiver; closing it ends every connection, the stalled ones too. */
function listen(server: http.Server, askedPort: number, token: string, sockets: Set<Socket>, log: Log): Promise<Receiver> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(askedPort, HOST, () => {
      server.off('error', reject);
      server.on('error', (err) => log(t('Delivery receiver: server error: {0}', err.message)));
      const port = (server.address() as AddressInfo).port;
      let closing: Promise<void> | undefined;
      resolve({
        port,
        localBaseUrl: `http://${HOST}:${port}/${token}`,
        path: `/${token}`,
        token,
        close: () =>
          (closing ??= new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
            for (const socket of sockets) socket.destroy();
          })),
      });
    });
  });
}
