import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migratedTestDatabase } from '@osprey/testing';
import pino from 'pino';
import { loadConfig } from '../../src/config/engine-config';
import { startEngine, type RunningEngine } from '../../src/server';

/** A fresh database cloned from the migrated template. */
export const freshDatabase = migratedTestDatabase;

/** A temporary folder for an embedded database. */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'osprey-test-'));
}

/**
 * Boots a real engine (HTTP on a free port) with the given environment on top of a quiet default.
 * Anonymous access is on unless `env` sets `OSPREY_AUTH_ANONYMOUS` (auth tests pass `'false'`).
 * No development API key is written (it would land in the working directory, where the
 * example workers of other specs would pick it up) unless `env` sets `OSPREY_DEV_API_KEY_FILE`.
 */
export async function bootEngine(env: Record<string, string | undefined>): Promise<RunningEngine> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', OSPREY_TIMER_POLL_MS: '50', OSPREY_AUTH_ANONYMOUS: 'true', OSPREY_DEV_API_KEY_FILE: 'off', ...env });
  return startEngine(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
}

/** A tiny JSON client for the engine's REST API. */
export class Api {
  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  get(path: string) {
    return this.request('GET', path);
  }
  post(path: string, body?: unknown) {
    return this.request('POST', path, body ?? {});
  }

  /** Deploys resources through the multipart endpoint. */
  async deploy(...resources: { name: string; content: string | Buffer }[]) {
    const form = new FormData();
    for (const r of resources) form.append('resources', new Blob([r.content]), r.name);
    const res = await fetch(`${this.baseUrl}/v2/deployments`, { method: 'POST', body: form });
    return { status: res.status, body: (await res.json()) as any, headers: res.headers };
  }

  /** Activates jobs of a type without waiting. */
  async activate(type: string, max = 10, timeout = 30_000) {
    const res = await this.post('/v2/jobs/activation', { type, maxJobsToActivate: max, timeout, requestTimeout: -1, worker: 'test' });
    return res.body.jobs as any[];
  }

  /** Polls `fn` until it returns a truthy value or `timeoutMs` passes. */
  async until<T>(fn: () => Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
