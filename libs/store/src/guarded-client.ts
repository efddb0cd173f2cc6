import { Client, type ClientConfig } from 'pg';

/**
 * The pg client of the engine's pool: never without an `error` listener.
 *
 * pg-pool takes its own listener off a new connection the moment it hands it out, and TypeORM
 * puts its listener on a microtask later. When the server ends the connection in the same read
 * that finishes the handshake (a server shutting down, a failover, `pg_terminate_backend`), the
 * error is emitted in that gap and, unheard, would crash the process. Heard here, it is not
 * lost: the client is marked unusable, the command's first statement fails as "connection
 * error" (the API's `503`), and the pool drops the client when it comes back.
 */
export class GuardedClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}
