import type { Command } from '../command';
import { details, emit } from '../output';

interface Topology {
  gatewayVersion?: string;
  brokers?: unknown[];
  [field: string]: unknown;
}

export const statusCommand: Command = {
  summary: 'the engine’s version and readiness, and who the credential signs in as',
  usage: 'osprey status',
  async run({ out, client }) {
    const api = client();
    const topology = (await api.request<Topology>('GET', '/v2/topology'))!;
    const ready = await fetch(`${api.baseUrl}/health/ready`).then(
      async (res) => ({ status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> }),
      () => ({ status: 0, body: {} }),
    );
    const me = (await api.request<{ username?: string; groups?: string[]; tenants?: unknown[] }>('GET', '/v2/authentication/me'))!;
    const status = { url: api.baseUrl, version: topology.gatewayVersion, ready: ready.status === 200, readiness: ready.body, authenticatedAs: me };
    emit(out, status, (s) =>
      details([
        ['engine', s.url],
        ['version', s.version],
        ['ready', s.ready ? 'yes' : `no (${JSON.stringify(s.readiness)})`],
        ['signed in as', me.username],
      ]),
    );
    return status.ready ? 0 : 3;
  },
};
