import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateFeel, ScopeChainContext, type JsonValue } from '../../src';

const NOW = Date.parse('2026-05-01T10:00:00Z');
/** A fixed sequence standing in for the host's randomness. */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};
const run = (source: string, vars: Record<string, JsonValue> = {}, random?: () => number) =>
  evaluateFeel(source, new ScopeChainContext([vars], random), NOW);
const value = (source: string, vars: Record<string, JsonValue> = {}) => {
  const r = run(source, vars);
  assert.ok(r.ok, `${source}: ${JSON.stringify(r)}`);
  return r.value;
};

describe("Camunda 8.8's FEEL extension functions", () => {
  it('given the host randomness, random number() and uuid() draw from it', () => {
    assert.deepEqual(run('random number()', {}, sequence(0.25)), { ok: true, value: 0.25 });
    const uuid = run('uuid()', {}, sequence(0, 0.5, 0.999));
    assert.ok(uuid.ok);
    assert.match(String(uuid.value), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('given no randomness in the evaluation context, uuid() fails instead of inventing some', () => {
    const r = run('uuid()');
    assert.equal(r.ok, false);
    assert.match((r as { message: string }).message, /source of randomness/);
  });

  it('answers the null-handling functions as Camunda does', () => {
    assert.equal(value('is defined(missing)'), false);
    assert.equal(value('is defined(x)', { x: 1 }), true);
    assert.equal(value('get or else(missing, "fallback")'), 'fallback');
    assert.equal(value('get or else(x, "fallback")', { x: 'set' }), 'set');
    assert.equal(value('assert(x, x > 0)', { x: 3 }), 3);
    const failed = run('assert(x, x > 0, "x must be positive")', { x: 0 });
    assert.equal(failed.ok, false);
    assert.match((failed as { message: string }).message, /x must be positive/);
  });

  it('answers the list and string functions', () => {
    assert.deepEqual(value('partition([1, 2, 3, 4, 5], 2)'), [[1, 2], [3, 4], [5]]);
    assert.deepEqual(value('duplicate values(["a", "b", "a", {k: 1}, {k: 1}])'), ['a', { k: 1 }]);
    assert.equal(value('is empty([])'), true);
    assert.equal(value('is empty([1])'), false);
    assert.equal(value('string join(["a", null, "b"], "-")'), 'a-b');
    assert.equal(value('string join(["a", "b"], ", ", "<", ">")'), '<a, b>');
    assert.equal(value('trim("  x  ")'), 'x');
    assert.equal(value('is blank("  ")'), true);
    assert.equal(value('to base64("grüße")'), 'Z3LDvMOfZQ==');
    assert.equal(value('from base64("Z3LDvMOfZQ==")'), 'grüße');
    assert.equal(value('from base64("not base64!")'), null);
  });

  it('answers the context and date functions', () => {
    assert.equal(value('get value({a: {b: 7}}, ["a", "b"])'), 7);
    assert.equal(value('get value({a: 1}, "a")'), 1);
    assert.equal(value('last day of month(date("2027-02-03"))'), '2027-02-28');
    assert.equal(value('fromAi(toolCall.city, "The city to look up", "string")', { toolCall: { city: 'Oslo' } }), 'Oslo');
  });

  it('reads backtick-quoted names, multi-line strings and functions defined in a context', () => {
    assert.equal(value('`order-id` + "!"', { 'order-id': 'A-1' }), 'A-1!');
    assert.equal(value('"first\nsecond"'), 'first\nsecond');
    assert.equal(value('{double: function(n) n * 2, result: double(21)}.result'), 42);
  });

  it('lets a variable of the same name win over a function', () => {
    assert.equal(value('trim', { trim: 'a variable' }), 'a variable');
  });
});
