import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { REPO_ROOT, startWebStack, type WebStack } from './support/web-stack';

/** A raw GET (no automatic decompression): status, headers and the bytes as sent. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('web app serving, development sign-in and drafts (what the browser app relies on)', () => {
  let stack: WebStack;

  before(async () => {
    stack = await startWebStack('e2e_browser_serving');
  });

  after(async () => {
    await stack?.stop();
  });

  it('serves the app at / and for page paths, its assets, and leaves /v2 and /health to the API', async () => {
    // when the root and a deep page path are requested
    for (const path of ['/', '/tasks/123', '/monitor/instances/42']) {
      const res = await fetch(`${stack.url}${path}`);
      // then both get the app's HTML, revalidated on every load and with a content security policy
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(res.headers.get('cache-control'), 'no-cache');
      assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
      const html = await res.text();
      assert.match(html, /<div id="app">/);
      // and its hashed assets are served for a year
      const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
      const js = await fetch(`${stack.url}${asset}`);
      assert.equal(js.status, 200);
      assert.match(js.headers.get('content-type') ?? '', /javascript/);
      assert.match(js.headers.get('cache-control') ?? '', /immutable/);
    }
    // then a missing asset is a 404, not the app
    assert.equal((await fetch(`${stack.url}/assets/missing-123.js`)).status, 404);
    // and paths outside the build are never read
    for (const path of ['/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/assets/..%2f..%2f..%2fpackage.json']) {
      const res = await fetch(`${stack.url}${path}`);
      assert.notEqual(res.status, 500, path);
      assert.doesNotMatch(await res.text(), /"workspaces"/, path);
    }
    // and unknown API paths stay problems, health stays health
    const unknown = await fetch(`${stack.url}/v2/no-such-thing`);
    assert.equal(unknown.status, 404);
    assert.match(unknown.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal((await fetch(`${stack.url}/health/ready`)).status, 200);
  });

  it('sends the modeler script compressed with brotli or gzip, as the browser accepts, and plain otherwise', async () => {
    // given the modeler page's script, the largest file of the build
    const script = readdirSync(join(REPO_ROOT, 'modeler/dist/assets')).find((f) => /^modeler-page-.*\.js$/.test(f))!;
    const url = `${stack.url}/assets/${script}`;
    const plain = await rawGet(url, { 'accept-encoding': 'identity' });
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-encoding'], undefined);
    // when a browser accepts brotli, then it gets brotli, a quarter of the size or less
    const br = await rawGet(url, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(br.headers['content-type']), /javascript/);
    assert.match(String(br.headers.vary), /accept-encoding/i);
    assert.ok(br.body.length * 4 <= plain.body.length, `Expected at most a quarter of ${plain.body.length} bytes, but got ${br.body.length}`);
    assert.ok(brotliDecompressSync(br.body).equals(plain.body));
    // and one that accepts only gzip gets gzip; one that refuses brotli with q=0 too
    for (const accept of ['gzip', 'br;q=0, gzip;q=0.8']) {
      const gz = await rawGet(url, { 'accept-encoding': accept });
      assert.equal(gz.headers['content-encoding'], 'gzip', accept);
      assert.ok(gunzipSync(gz.body).equals(plain.body), accept);
    }
  });

  it('signs development users in with a signed token and tells who a token belongs to', async () => {
    // when a configured user signs in
    const signed = await stack.api.call('POST', '/v2/osprey/sign-in', { username: 'approver', password: 'approver-pw' });
    // then they get a token naming them and their groups
    assert.equal(signed.status, 200);
    assert.deepEqual({ username: signed.body.username, groups: signed.body.groups }, { username: 'approver', groups: ['approvers'] });
    assert.equal(signed.body.token.split('.').length, 3);
    // and the token identifies them
    const me = await fetch(`${stack.url}/v2/authentication/me`, { headers: { authorization: `Bearer ${signed.body.token}` } });
    const who = (await me.json()) as { username: string; groups: string[]; tenants: unknown[]; canLogout: boolean; roles: unknown };
    assert.deepEqual(
      { username: who.username, groups: who.groups, tenants: who.tenants },
      { username: 'approver', groups: ['approvers'], tenants: [{ tenantId: '<default>', name: '<default>' }] },
    );
    // in Camunda 8.8's shape too: a signed-in user can sign out
    assert.equal(who.canLogout, true);
    assert.ok(Array.isArray(who.roles));
    // when the token is tampered with (another user's name in the payload), or missing
    const [h, p, s] = signed.body.token.split('.');
    const forged = Buffer.from(Buffer.from(p, 'base64url').toString().replace('approver', 'operator')).toString('base64url');
    for (const auth of [`Bearer ${h}.${forged}.${s}`, undefined]) {
      const res = await fetch(`${stack.url}/v2/authentication/me`, { headers: auth ? { authorization: auth } : {} });
      // then it is refused
      assert.equal(res.status, 401);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    }
    // and a wrong password is refused without saying which part was wrong
    const wrong = await stack.api.call('POST', '/v2/osprey/sign-in', { username: 'approver', password: 'nope' });
    assert.equal(wrong.status, 401);
    const unknown = await stack.api.call('POST', '/v2/osprey/sign-in', { username: 'nobody', password: 'nope' });
    assert.equal(unknown.body.detail, wrong.body.detail);
  });

  it('keeps one draft per process id, lists drafts without their XML, and validates what it stores', async () => {
    const xml = '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"><bpmn:process id="draft-me" /></bpmn:definitions>';
    const forms = [{ formId: 'draft-form', schema: '{"type":"default","components":[]}' }];
    // when a draft is saved twice
    assert.equal((await stack.api.call('PUT', '/v2/osprey/drafts/draft-me', { xml, name: 'First', forms })).status, 200);
    const saved = await stack.api.call('PUT', '/v2/osprey/drafts/draft-me', { xml, name: 'Second', forms });
    // then the last save wins
    assert.equal(saved.body.name, 'Second');
    const read = await stack.api.call('GET', '/v2/osprey/drafts/draft-me');
    assert.equal(read.body.xml, xml);
    assert.deepEqual(read.body.forms, forms);
    // and the listing has it, without the XML
    const list = await stack.api.post('/v2/osprey/drafts/search');
    assert.deepEqual(
      list.items.map((d: { processDefinitionId: string; xml?: string }) => [d.processDefinitionId, d.xml]),
      [['draft-me', undefined]],
    );
    // when it is deleted, then it is gone
    assert.equal((await stack.api.call('DELETE', '/v2/osprey/drafts/draft-me')).status, 204);
    assert.equal((await stack.api.call('GET', '/v2/osprey/drafts/draft-me')).status, 404);
    assert.equal((await stack.api.call('DELETE', '/v2/osprey/drafts/draft-me')).status, 404);
    // and bad input is a 400 naming each problem
    const bad = await stack.api.call('PUT', '/v2/osprey/drafts/draft-me', { xml: 'not xml', forms: [{ formId: 'f', schema: 'nope' }] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors.length, 2);
    assert.equal((await stack.api.call('PUT', '/v2/osprey/drafts/1-bad-id', { xml })).status, 400);
  });
});
