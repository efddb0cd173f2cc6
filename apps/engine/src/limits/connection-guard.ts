import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { LimitsConfig } from '../config/limits-config';

/**
 * How often Node checks every open connection against its header and request deadlines. Node's
 * default is 30 s, which let a stalled request hold its socket for up to 30 s past its deadline;
 * one pass over the connections each second costs microseconds.
 */
const DEADLINE_CHECK_MS = 1_000;

/**
 * The HTTP server, with the defences against slow clients that must act before a request is
 * routed or its caller authenticated (a slowloris needs no credentials):
 *
 * - a deadline for the headers (`OSPREY_HEADERS_TIMEOUT_MS`) and one for the whole request,
 *   headers and body (`OSPREY_REQUEST_RECEIVE_TIMEOUT_MS`), checked every second; a client
 *   that misses either is closed;
 * - at most `OSPREY_MAX_CONNECTIONS_PER_IP` open connections per client address; the next one
 *   is closed before a byte of it is read.
 *
 * Requests whose body has not arrived are not counted as in flight (see `LoadShedder`), so
 * stalled connections cannot make the engine refuse anybody else.
 */
export function guardedServerFactory(limits: LimitsConfig) {
  return (handler: RequestListener<typeof IncomingMessage, typeof ServerResponse>): Server => {
    const server = createServer(
      {
        // Node requires the headers deadline to fall within the whole-request one.
        headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestReceiveTimeoutMs),
        requestTimeout: limits.requestReceiveTimeoutMs,
        connectionsCheckingInterval: DEADLINE_CHECK_MS,
      },
      handler,
    );
    if (limits.maxConnectionsPerIp > 0) capConnectionsPerAddress(server, limits.maxConnectionsPerIp);
    return server;
  };
}

/** Closes each connection that would give its client address more than `max` open ones. */
function capConnectionsPerAddress(server: Server, max: number): void {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
