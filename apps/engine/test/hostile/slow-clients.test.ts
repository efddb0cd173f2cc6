import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { startEngineProcess, type EngineProcess } from '@osprey/testing';
import { Api } from '../support/engine-harness';
import { fixture } from '../support/bpmn';
import { watchEventLoop } from '../support/event-loop';
import { deployed } from '../api/support';

/** A slow client's socket, and when (ms after it was opened) the engine closed it; undefined while open. */
interface SlowSocket {
  readonly socket: Socket;
  closedAfterMs?: number;
}

/**
 * A bounded slowloris: `count` connections from 127.0.0.1 that each send the headers of a start
 * announcing a 100-byte body, and never the body. Every socket is destroyed by `stop()` at the end.
 */
async function slowloris(url: string, count: number): Promise<{ sockets: SlowSocket[]; stop(): void }> {
  const { port } = new URL(url);
  const sockets: SlowSocket[] = [];
  await Promise.all(
    Array.from({ length: count }, () => new Promise<void>((opened) => {
      const openedAt = Date.now();
      const socket = connect({ host: '127.0.0.1', port: Number(port), localAddress: '127.0.0.1' }, () => {
        socket.write(`POST /v2/process-instances HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`);
        opened();
      });
      const slow: SlowSocket = { socket };
      socket.on('error', () => opened());
      socket.on('close', () => {
        slow.closedAfterMs = Date.now() - openedAt;
        opened();
      });
      socket.resume();
      sockets.push(slow);
    })),
  );
  return { sockets, stop: () => sockets.forEach((s) => s.socket.destroy()) };
}

/** Starts an `instant` instance from the client address `from`; the status code, and the body unless 200. */
function startFrom(url: string, from: string): Promise<string> {
  const body = JSON.stringify({ processDefinitionId: 'instant', variables: { a: 1, b: 2 } });
  return new Promise((resolve, reject) => {
    const req = request(`${url}/v2/process-instances`, { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve(res.statusCode === 200 ? '200' : `${res.statusCode} ${text}`));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A legitimate client starting instances one after another for `ms`; every status it got. */
async function legitimateClient(url: string, from: string, ms: number): Promise<string[]> {
  const statuses: string[] = [];
  for (const end = Date.now() + ms; Date.now() < end;) {
    statuses.push(await startFrom(url, from));
    await new Promise((r) => setTimeout(r, 100));
  }
  return statuses;
}

describe('slow clients: stalled uploads lock nobody out', () => {
  const engines: EngineProcess[] = [];
  after(async () => {
    await Promise.all(engines.map((e) => e.stop()));
  });

  async function engineWith(prefix: string, env: Record<string, string>): Promise<Api> {
    const engine = await startEngineProcess(prefix, env);
    engines.push(engine);
    const api = new Api(engine.url);
    await deployed(api, { name: 'instant.bpmn', content: fixture('instant.bpmn') });
    return api;
  }

  it('given the default limits, when 300 connections from one address send headers and no body, then the engine closes those past 128 at once and the rest at their deadline, while a client from another address keeps getting 2xx', async () => {
    const api = await engineWith('hostile_slow', { OSPREY_REQUEST_RECEIVE_TIMEOUT_MS: '3000' });
    const loop = await watchEventLoop(api.baseUrl);
    // when
    const attack = await slowloris(api.baseUrl, 300);
    try {
      const statuses = await legitimateClient(api.baseUrl, '127.0.0.2', 5_000);
      // then the legitimate client was never refused
      assert.ok(statuses.length > 0);
      assert.deepEqual(statuses.filter((s) => s !== '200'), []);
      // and every slow connection was closed by the engine: those past the per-address cap at once, the others at the receive deadline
      await api.until(async () => attack.sockets.every((s) => s.closedAfterMs !== undefined), 20_000, 'the engine to close every slow connection');
      // (the test's own keep-alive connection to 127.0.0.1 may hold one of the 128 places)
      const closedAfter = attack.sockets.map((s) => s.closedAfterMs!).sort((a, b) => a - b);
      const early = closedAfter.filter((ms) => ms < 2_000).length;
      assert.ok(early >= 300 - 128 && early <= 300 - 126, `expected the connections past the per-address cap of 128 to be closed at once, but ${early} were; closed after (ms): ${closedAfter.join(',')}`);
      assert.ok(closedAfter.slice(early).every((ms) => ms >= 3_000), 'the others were closed at the 3 s receive deadline, not before');
      await loop.assertP99('300 slow connections held their uploads');
    } finally {
      attack.stop();
    }
  });

  it('given no per-address cap and 50 requests in flight at most, when 300 connections from the client\'s own address stall, then its starts still get 2xx: a stalled request is not in flight', async () => {
    const api = await engineWith('hostile_slow_inflight', { OSPREY_MAX_CONNECTIONS_PER_IP: '0', OSPREY_MAX_IN_FLIGHT_REQUESTS: '50' });
    const attack = await slowloris(api.baseUrl, 300);
    try {
      const statuses = await legitimateClient(api.baseUrl, '127.0.0.1', 3_000);
      assert.ok(statuses.length > 0);
      assert.deepEqual(statuses.filter((s) => s !== '200'), []);
      assert.ok(attack.sockets.filter((s) => s.closedAfterMs === undefined).length > 250, 'the stalled connections were still open meanwhile');
    } finally {
      attack.stop();
    }
  });
});
