import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyAddress, mayConnect } from '../../src/connectors/outbound/address-policy';
import { AllowList } from '../../src/connectors/outbound/allow-list';
import { OutboundGuard } from '../../src/connectors/outbound/outbound-guard';
import { ConnectorError } from '../../src/connectors/connector';

describe('outbound calls: the allow-list', () => {
  const list = new AllowList(['api.example.com', '*.payments.example.com:443', '127.0.0.1:8080', '[::1]:9090']);

  it('matches names exactly, wildcards by subdomain, and ports when given', () => {
    assert.deepEqual(list.match('API.example.com', 1234), { explicit: true });
    assert.deepEqual(list.match('eu.payments.example.com', 443), { explicit: false });
    assert.deepEqual(list.match('a.b.payments.example.com', 443), { explicit: false });
    assert.equal(list.match('payments.example.com', 443), undefined);
    assert.equal(list.match('eu.payments.example.com', 80), undefined);
    assert.equal(list.match('evil-api.example.com', 443), undefined);
    assert.equal(list.match('api.example.com.evil.net', 443), undefined);
    assert.deepEqual(list.match('127.0.0.1', 8080), { explicit: true });
    assert.equal(list.match('127.0.0.1', 8081), undefined);
    assert.deepEqual(list.match('[::1]', 9090), { explicit: true });
  });

  it('allows nothing when empty', () => {
    assert.equal(new AllowList([]).match('example.com', 443), undefined);
  });
});

describe('outbound calls: address kinds', () => {
  it('classifies addresses, including IPv4 hidden in IPv6 spellings', () => {
    const cases: [string, string][] = [
      ['93.184.216.34', 'public'],
      ['2606:4700::1111', 'public'],
      ['127.0.0.1', 'loopback'],
      ['::1', 'loopback'],
      ['10.1.2.3', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.0.10', 'private'],
      ['fd12::1', 'private'],
      ['169.254.169.254', 'metadata'],
      ['fd00:ec2::254', 'metadata'],
      ['169.254.10.1', 'link-local'],
      ['fe80::1', 'link-local'],
      ['0.0.0.0', 'unspecified'],
      ['224.0.0.1', 'multicast'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:a9fe:a9fe', 'metadata'],
      ['64:ff9b::a00:1', 'private'],
      ['2002:a9fe:a9fe::1', 'metadata'],
    ];
    for (const [address, kind] of cases) assert.equal(classifyAddress(address), kind, address);
  });

  it('never lets metadata or link-local through; loopback and private only when named or allowed', () => {
    assert.equal(mayConnect('metadata', true, true), false);
    assert.equal(mayConnect('link-local', true, true), false);
    assert.equal(mayConnect('loopback', true, false), true);
    assert.equal(mayConnect('loopback', false, false), false);
    assert.equal(mayConnect('private', false, true), true);
    assert.equal(mayConnect('public', false, false), true);
  });
});

describe('outbound calls: the guard', () => {
  const refused = async (guard: OutboundGuard, host: string, port: number, pattern: RegExp) => {
    await assert.rejects(guard.check(host, port), (error: unknown) => {
      assert.ok(error instanceof ConnectorError);
      assert.equal(error.code, 'HOST_NOT_ALLOWED');
      assert.equal(error.transient, false);
      assert.match(error.message, pattern);
      return true;
    });
  };

  it('refuses a host outside the allow-list with a message naming the setting', async () => {
    const guard = new OutboundGuard({ allowedHosts: ['127.0.0.1:8080'], allowPrivate: false });
    await refused(guard, 'example.org', 443, /^Expected an allowed host, but 'example\.org:443' is not in OSPREY_CONNECTOR_ALLOWED_HOSTS$/);
  });

  it('refuses metadata addresses even when listed by name', async () => {
    const guard = new OutboundGuard({ allowedHosts: ['169.254.169.254', '[fd00:ec2::254]', '[::ffff:169.254.169.254]'], allowPrivate: true });
    await refused(guard, '169.254.169.254', 80, /metadata address/);
    await refused(guard, '[fd00:ec2::254]', 80, /metadata address/);
    await refused(guard, '[::ffff:169.254.169.254]', 80, /metadata address/);
  });

  it('lets a named loopback host through and pins the connection to the checked address', async () => {
    const guard = new OutboundGuard({ allowedHosts: ['localhost:8080'], allowPrivate: false });
    const target = await guard.check('localhost', 8080);
    assert.equal(classifyAddress(target.address), 'loopback');
    const answered = await new Promise<string>((resolve) => target.lookup('anything.example', {}, (_e, address) => resolve(String(address))));
    assert.equal(answered, target.address);
  });
});
