import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ConfigError, loadConfig } from '../../src/config/engine-config';

const SECRET = 'a-secret-nobody-may-see-0123456789';

describe('webhook configuration', () => {
  it('reads OSPREY_WEBHOOKS and OSPREY_WEBHOOKS_FILE, and never shows a secret', () => {
    const dir = mkdtempSync(join(tmpdir(), 'osprey-webhooks-'));
    const file = join(dir, 'webhooks.json');
    writeFileSync(file, JSON.stringify([{ name: 'from-file', secret: SECRET, messageName: 'shipped', timeToLive: 60_000 }]));
    const config = loadConfig({
      OSPREY_WEBHOOKS: JSON.stringify([{ name: 'payments', secret: SECRET, messageName: '="paid"', correlationKey: '=body.id' }]),
      OSPREY_WEBHOOKS_FILE: file,
    });
    assert.deepEqual(config.webhooks.map((w) => w.name), ['payments', 'from-file']);
    assert.equal(config.webhooks[1]!.timeToLive, 60_000);
    // the secret is there for the HMAC, and nowhere else
    assert.equal(config.webhooks[0]!.secret.bytes().toString(), SECRET);
    assert.doesNotMatch(JSON.stringify(config), /nobody-may-see/);
    assert.doesNotMatch(inspect(config, { depth: 10 }), /nobody-may-see/);
    assert.doesNotMatch(`${config.webhooks[0]!.secret}`, /nobody-may-see/);
  });

  it('names every invalid entry without quoting its secret', () => {
    const attempt = () =>
      loadConfig({
        OSPREY_WEBHOOKS: JSON.stringify([
          { name: 'short', secret: 'tooshort', messageName: 'x' },
          { name: 'bad name!', secret: SECRET, messageName: 'x' },
          { name: 'no-message', secret: SECRET },
          { name: 'short', secret: SECRET, messageName: 'x', timeToLive: -1 },
        ]),
      });
    assert.throws(attempt, (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /OSPREY_WEBHOOKS\[0\]\.secret: Expected at least 16 characters, but found 8/);
      assert.match(error.message, /OSPREY_WEBHOOKS\[1\]\.name/);
      assert.match(error.message, /OSPREY_WEBHOOKS\[2\]\.messageName: Expected a string, but it is missing/);
      assert.match(error.message, /OSPREY_WEBHOOKS\[3\]\.timeToLive/);
      assert.doesNotMatch(error.message, /tooshort|nobody-may-see/);
      return true;
    });
    assert.throws(() => loadConfig({ OSPREY_WEBHOOKS: '{not json' }), /OSPREY_WEBHOOKS: Expected a JSON array of webhooks, but it does not parse/);
  });

  it('reads the connector settings', () => {
    const config = loadConfig({ OSPREY_CONNECTOR_ALLOWED_HOSTS: 'api.example.com, *.example.org:443,[::1]:8080', OSPREY_CONNECTOR_CONCURRENCY: '4' });
    assert.deepEqual(config.connectors, { enabled: true, allowedHosts: ['api.example.com', '*.example.org:443', '[::1]:8080'], allowPrivate: false, concurrency: 4 });
    assert.deepEqual(loadConfig({}).connectors.allowedHosts, []);
    assert.throws(() => loadConfig({ OSPREY_CONNECTOR_ALLOWED_HOSTS: 'http://x.example.com' }), /OSPREY_CONNECTOR_ALLOWED_HOSTS: Expected hostnames/);
    assert.throws(() => loadConfig({ OSPREY_CONNECTOR_ALLOW_PRIVATE: 'yes' }), /OSPREY_CONNECTOR_ALLOW_PRIVATE: Expected true or false/);
  });
});
