import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { TestDatabase } from '@osprey/testing';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { migratedTestDatabase, startEngineProcess, type EngineProcess } from '../../../src';

/** The repository root, from `e2e/dist/test/browser/support`. */
export const REPO_ROOT = join(__dirname, '../../../../..');
/** Screenshots and, for failed tests, console logs. Git-ignored. */
export const RESULTS_DIR = join(REPO_ROOT, 'test-results/browser');

/** Chromium from Debian's `chromium` package; `CHROMIUM_PATH` overrides. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The users the browser tests sign in as. */
export const USERS = 'analyst:analyst-pw:analysts;approver:approver-pw:approvers;other:other-pw:approvers;operator:operator-pw:operators';

/** A real engine process on a fresh database, serving the built web app, and a Chromium. */
export interface WebStack {
  readonly url: string;
  readonly api: Rest;
  readonly engine: EngineProcess;
  /** A fresh browser context (own storage) with one page, recording its console. */
  open(name: string, viewport?: { width: number; height: number }): Promise<BrowserPage>;
  stop(): Promise<void>;
}

/**
 * Boots the stack: builds the web app if it is missing, clones a database, starts the engine and
 * Chromium. `env` adds to (or overrides) the engine's environment, e.g. to turn multi-tenancy on.
 */
export async function startWebStack(prefix: string, env: Record<string, string> = {}): Promise<WebStack> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Expected Chromium at ${CHROMIUM} (Debian: apt-get install -y chromium; or set CHROMIUM_PATH), but there is none`);
  }
  ensureWebAppBuilt();
  const db: TestDatabase = await migratedTestDatabase(prefix);
  let engine: EngineProcess | undefined;
  let browser: Browser | undefined;
  try {
    engine = await startEngineProcess({
      databaseUrl: db.url,
      env: { OSPREY_DEV_USERS: USERS, OSPREY_TIMER_POLL_MS: '50', LOG_LEVEL: 'info', OSPREY_WEB_DIR: join(REPO_ROOT, 'modeler/dist'), ...env },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (error) {
    await engine?.stop();
    await db.drop();
    throw error;
  }
  const started = { engine, browser };
  const pages: BrowserPage[] = [];
  return {
    url: engine.url,
    api: new Rest(engine.url),
    engine,
    async open(name, viewport = { width: 1280, height: 800 }) {
      const context = await started.browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'UTC' });
      const page = await context.newPage();
      const p = new BrowserPage(name, context, page, started.engine);
      pages.push(p);
      return p;
    },
    async stop() {
      for (const p of pages) await p.context.close().catch(() => undefined);
      await started.browser.close();
      await started.engine.stop();
      await db.drop();
    },
  };
}

/** One page of the app under test, with its console kept for failure reports. */
export class BrowserPage {
  private readonly log: string[] = [];

  constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly engine: EngineProcess,
  ) {
    page.on('console', (m) => this.log.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => this.log.push(`[pageerror] ${e.stack ?? e.message}`));
    page.on('requestfailed', (r) => this.log.push(`[requestfailed] ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.setDefaultTimeout(15_000);
  }

  /** Opens `path` and signs in through the sign-in form. */
  async signIn(baseUrl: string, username: string, password: string, path = '/tasks'): Promise<void> {
    await this.page.goto(`${baseUrl}${path}`);
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await this.page.getByTestId('signed-in-user').filter({ hasText: username }).waitFor();
  }

  /** What the page wrote to the console as errors (including failed resource loads) so far. */
  consoleErrors(): string[] {
    return this.log.filter((l) => l.startsWith('[error]') || l.startsWith('[pageerror]'));
  }

  /**
   * Runs axe-core on the page as it is now and fails with every serious or critical violation
   * (rule, impact, the first offending elements). The page's CSP does not apply: the script is
   * evaluated by the browser's debugging protocol, as a person's browser extension would.
   */
  async assertAccessible(where: string): Promise<void> {
    const violations = (await this.page.evaluate(`${axeSource()}
      axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')))`)) as string[];
    assert.deepEqual(violations, [], `Expected no serious or critical accessibility violations on ${where}`);
  }

  /** Saves a screenshot under test-results/browser/; `suffix` distinguishes several per test. */
  async screenshot(suffix = ''): Promise<string> {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const path = join(RESULTS_DIR, `${this.name}${suffix ? `-${suffix}` : ''}.png`);
    await this.page.screenshot({ path, fullPage: false });
    return path;
  }

  /**
   * Ends a test: always a screenshot; after a failure also the page's console log and the
   * engine's output, next to it.
   */
  async finish(failed: boolean): Promise<void> {
    await this.screenshot().catch(() => undefined);
    const consoleLog = join(RESULTS_DIR, `${this.name}.console.log`);
    const engineLog = join(RESULTS_DIR, `${this.name}.engine.log`);
    if (failed) {
      mkdirSync(RESULTS_DIR, { recursive: true });
      writeFileSync(consoleLog, `${this.log.join('\n')}\n`);
      writeFileSync(engineLog, this.engine.output());
    } else {
      // Logs of an earlier failed run would only mislead.
      rmSync(consoleLog, { force: true });
      rmSync(engineLog, { force: true });
    }
  }
}

let axe: string | undefined;
/** axe-core's browser bundle, read once. */
function axeSource(): string {
  axe ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axe;
}

/** Builds `modeler/dist` when it is not there (a fresh clone before `npm run build`). */
export function ensureWebAppBuilt(): void {
  if (existsSync(join(REPO_ROOT, 'modeler/dist/index.html'))) return;
  execFileSync('npm', ['run', 'build', '-w', 'modeler'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

/**
 * A small JSON client for the REST API, for the parts of a scenario a system (not a person) does.
 * Anonymous unless given a bearer `token` (see {@link Rest.signedIn}).
 */
export class Rest {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  /** A client acting as the development user `username`, signed in through the API. */
  async signedIn(username: string, password: string): Promise<Rest> {
    const { token } = await this.post<{ token: string }>('/v2/osprey/sign-in', { username, password });
    return new Rest(this.baseUrl, token);
  }

  private headers(json: boolean): Record<string, string> {
    return { ...(json ? { 'content-type': 'application/json' } : {}), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) };
  }

  async call<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: this.headers(body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* keep the text */
    }
    return { status: res.status, body: parsed as T };
  }

  /** POSTs and expects a 2xx. */
  async post<T = any>(path: string, body: unknown = {}): Promise<T> {
    const res = await this.call<T>('POST', path, body);
    if (res.status >= 300) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Deploys resources through the multipart endpoint. */
  async deploy(...resources: { name: string; content: string }[]): Promise<any> {
    return this.deployIn(undefined, ...resources);
  }

  /** Deploys `resources` in `tenantId` (or, when undefined, where the engine chooses). */
  async deployIn(tenantId: string | undefined, ...resources: { name: string; content: string }[]): Promise<any> {
    const form = new FormData();
    for (const r of resources) form.append('resources', new Blob([r.content]), r.name);
    if (tenantId) form.append('tenantId', tenantId);
    const res = await fetch(`${this.baseUrl}/v2/deployments`, { method: 'POST', body: form, headers: this.headers(false) });
    const body = (await res.json()) as any;
    if (res.status !== 200) throw new Error(`Deployment answered ${res.status}: ${JSON.stringify(body)}`);
    return body;
  }
}
