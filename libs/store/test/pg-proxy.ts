import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL for store tests: the client's bytes go straight to the
 * server; `forward` decides what becomes of the server's bytes on each connection.
 */
export class PgProxy {
  private constructor(private readonly server: Server) {}

  static async start(target: URL, forward: (client: Socket, upstream: Socket) => void): Promise<PgProxy> {
    const server = createServer();
    server.on('connection', (client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      client.pipe(upstream);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      forward(client, upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new PgProxy(server);
  }

  /** The URL of `url`'s database through this proxy. */
  url(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String((this.server.address() as AddressInfo).port);
    return u.toString();
  }

  close(): void {
    this.server.close();
  }
}

/**
 * Splits the server's bytes into its messages (a type byte and a length that counts itself):
 * calls `each` with every whole message's type and offset in `pending`, and returns where the
 * unfinished rest begins (or where `each` said to stop, by returning false).
 */
export function serverMessages(pending: Buffer, each: (type: string, offset: number) => boolean | void): number {
  let offset = 0;
  while (pending.length - offset >= 5 && pending.length - offset >= 1 + pending.readInt32BE(offset + 1)) {
    if (each(String.fromCharCode(pending[offset]!), offset) === false) return offset;
    offset += 1 + pending.readInt32BE(offset + 1);
  }
  return offset;
}
