import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateFeel, ScopeChainContext, type JsonValue } from '../../src';
import { evaluateWithFeelin } from '../../src/feel/feel-evaluator';
import { compileSimple } from '../../src/feel/simple-expression';

const NOW = Date.parse('2026-05-01T12:00:00Z');
const vars = (o: Record<string, JsonValue>, ...outer: Record<string, JsonValue>[]) =>
  new ScopeChainContext([o, ...outer]);

describe('FEEL evaluation', () => {
  it('evaluates against the merged scopes, inner shadowing outer', () => {
    assert.deepEqual(evaluateFeel('x + y', vars({ x: 1 }, { x: 100, y: 2 }), NOW), { ok: true, value: 3 });
  });

  it('evaluates a missing variable to null, as Camunda 8.3+ does, with a warning naming it', () => {
    const r = evaluateFeel('total > 10', vars({}), NOW);
    assert.equal(r.ok, true);
    assert.equal((r as { value: unknown }).value, null);
    assert.match(String((r as { warnings?: string[] }).warnings), /Variable 'total' not found/);
  });

  it('does not fail on a variable that holds null', () => {
    assert.deepEqual(evaluateFeel('x', vars({ x: null }), NOW), { ok: true, value: null });
    assert.deepEqual(evaluateFeel('if x = null then "none" else x', vars({ x: null }), NOW), {
      ok: true,
      value: 'none',
    });
  });

  it('fails on a syntax error with a parse message', () => {
    const r = evaluateFeel('a +', vars({ a: 1 }), NOW);
    assert.equal(r.ok, false);
    assert.match((r as { message: string }).message, /failed to parse/);
  });

  it('answers now() and today() from the given clock, not the machine', () => {
    assert.deepEqual(evaluateFeel('string(now())', vars({}), NOW), {
      ok: true,
      value: '2026-05-01T12:00:00Z',
    });
    assert.deepEqual(evaluateFeel('today()', vars({}), NOW), { ok: true, value: '2026-05-01' });
  });

  it('turns temporal results into ISO strings and contexts into objects', () => {
    assert.deepEqual(evaluateFeel('duration("P1DT2H")', vars({}), NOW), { ok: true, value: 'P1DT2H' });
    assert.deepEqual(evaluateFeel('{a: 1, b: [true, "x"]}', vars({}), NOW), {
      ok: true,
      value: { a: 1, b: [true, 'x'] },
    });
  });

  it('refuses a function value, which has no JSON form', () => {
    assert.equal(evaluateFeel('function(a) a + 1', vars({}), NOW).ok, false);
  });
});

describe('FEEL fast path', () => {
  const context = vars(
    {
      total: 1500,
      name: 'Ada',
      paid: true,
      nothing: null,
      customer: { tier: 'gold', address: { city: 'Oslo' } },
      list: [{ a: 1 }],
      'order-id': 7,
      order: 10,
      id: 3,
    },
    { region: 'eu', total: 1 },
  );
  const expressions = [
    'total',
    'name',
    'paid',
    'nothing',
    'customer',
    'customer.tier',
    'customer.address.city',
    'region',
    'list',
    'total > 1000',
    'total >= 1500',
    'total < 1500',
    'total <= 1',
    'total = 1500',
    'total != 1500',
    '1000 < total',
    'name = "Ada"',
    'name != "Bob"',
    'paid = true',
    'paid != false',
    '"x"',
    '42',
    '4.5',
    'true',
    'null',
    'nothing = null',
    'name = 1',
    'name > "A"',
    'customer.missing',
    'missing',
    'missing.a',
    'list.a',
    'total > missing',
    'customer.tier = "gold"',
    'total * 2',
    'total + 1',
    'total - 2000',
    '2 * total',
    'total * total * total',
    'total * 4.5',
    'name * 2',
    'nothing + 1',
    'missing * 2',
    'customer.address * 2',
    '9007199254740991 + total',
    'order-id',
    'order - id',
  ];

  it('compiles the simple shapes and leaves the rest to feelin', () => {
    assert.ok(compileSimple('customer.address.city'));
    assert.ok(compileSimple('total > 1000'));
    assert.ok(compileSimple('total + 1'));
    assert.equal(compileSimple('total / 2'), undefined);
    assert.equal(compileSimple('total + 1 + 2'), undefined);
    assert.equal(compileSimple('order total'), undefined);
    assert.equal(compileSimple('if a then b else c'), undefined);
    assert.equal(compileSimple('count(items)'), undefined);
  });

  for (const source of expressions) {
    it(`agrees with feelin on '${source}'`, () => {
      const fast = evaluateFeel(source, context, NOW);
      const slow = evaluateWithFeelin(source, context, NOW);
      assert.deepEqual(fast, slow);
    });
  }
});
