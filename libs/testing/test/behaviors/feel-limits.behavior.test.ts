import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_FEEL_LIMITS, setFeelLimits } from '@osprey/bpmn';
import { decisionFeel } from '@osprey/runtime';
import { createProcess, InMemoryEngine } from '../../src';
import { onlyIncident } from '../support';

async function scriptProcess(expression: string) {
  return await createProcess('p').startEvent('s').scriptTask('calc', { expression, resultVariable: 'result' }).endEvent('e').build();
}

describe('FEEL limits', () => {
  it('given a script enumerating a hundred million numbers, when reached, then an incident is raised at once instead of the engine hanging', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await scriptProcess('=for x in 1..100000000 return x'));

    const started = Date.now();
    const pik = engine.createInstance('p', {});

    assert.ok(Date.now() - started < 2_000, `expected the refusal within 2 s, but it took ${Date.now() - started} ms`);
    const incident = onlyIncident(engine, pik);
    assert.equal(incident.elementId, 'calc');
    assert.match(incident.errorMessage, /would take more than 25000 iterations/);
    assert.equal(engine.instanceState(pik), 'ACTIVE');
  });

  it('given nested loops whose product exceeds the budget, when reached, then an incident is raised', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await scriptProcess('=for a in 1..1000, b in 1..1000, c in 1..1000 return 0'));

    const pik = engine.createInstance('p', {});

    assert.match(onlyIncident(engine, pik).errorMessage, /would take more than/);
  });

  it('given a loop within the budget, when reached, then it evaluates as usual', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await scriptProcess('=sum(for x in 1..n return x)'));

    const pik = engine.createInstance('p', { n: 1000 });

    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assert.equal(engine.variables(pik).result, 500500);
  });

  it('given an expression deployed under a higher depth limit, when reached after the limit is lowered, then an incident names the limit', async () => {
    const engine = new InMemoryEngine();
    const depth = DEFAULT_FEEL_LIMITS.maxDepth + 10;
    // The deployment checks the nesting too, so the operator's lower limit comes after it.
    setFeelLimits({ maxDepth: depth + 10 });
    try {
      engine.deploy(await scriptProcess(`=${'['.repeat(depth)}1${']'.repeat(depth)}`));
    } finally {
      setFeelLimits(DEFAULT_FEEL_LIMITS);
    }

    const pik = engine.createInstance('p', {});

    assert.match(onlyIncident(engine, pik).errorMessage, /nests deeper than the limit of 200 levels/);
  });

  it('given a smaller configured budget, when an evaluation needs more, then it fails; resolving after raising it continues', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await scriptProcess('=count(for x in 1..500 return x)'));
    setFeelLimits({ maxIterations: 100 });
    try {
      const pik = engine.createInstance('p', {});
      const incident = onlyIncident(engine, pik);
      assert.match(incident.errorMessage, /more than 100 iterations/);

      setFeelLimits({ maxIterations: DEFAULT_FEEL_LIMITS.maxIterations });
      engine.resolveIncident(incident.key);

      assert.equal(engine.variables(pik).result, 500);
    } finally {
      setFeelLimits(DEFAULT_FEEL_LIMITS);
    }
  });

  it('given a cartesian product over a list variable of 5,000 elements, when reached, then an incident is raised instead of the heap running out', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await scriptProcess('=count(for a in l, b in l return 0)'));
    const pik = engine.createInstance('p', { l: Array.from({ length: 5000 }, (_, i) => i) });
    assert.match(onlyIncident(engine, pik).errorMessage, /would take more than 25000 iterations/);
  });

  it('given a product over a list computed in the expression itself, when reached, then an incident is raised too', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await scriptProcess('={m: for x in 1..5000 return x, r: count(for a in m, b in m return 0)}.r'));
    const pik = engine.createInstance('p', {});
    assert.match(onlyIncident(engine, pik).errorMessage, /would take more than 25000 iterations/);
  });

  it('given quantifiers nested over one list, when their work exceeds the budget, then an incident is raised', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await scriptProcess('=every x in l satisfies some y in l satisfies y = x'));
    const pik = engine.createInstance('p', { l: Array.from({ length: 5000 }, (_, i) => i) });
    assert.match(onlyIncident(engine, pik).errorMessage, /would take more than/);
  });

  it('given a pattern with catastrophic backtracking in JavaScript, when matched against 31 a and a !, then it answers false at once', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await scriptProcess('=matches(s, "^(a+)+$")'));
    const pik = engine.createInstance('p', { s: `${'a'.repeat(31)}!` });
    assert.equal(engine.variables(pik).result, false);
  });

  it('given matches, replace and split, when used as in Camunda, then they answer as before', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await scriptProcess('=[matches("Osprey", "^os", "i"), replace("a-b-c", "-", "+"), replace("John Doe", "(\\w+) (\\w+)", "$2, $1"), split("a,b,,c", ",")]'));
    const pik = engine.createInstance('p', {});
    assert.deepEqual(engine.variables(pik).result, [true, 'a+b+c', 'Doe, John', ['a', 'b', '', 'c']]);
  });

  it('given extract, when used as in Camunda, then it lists every match in order, [] for none, and an empty match does not loop', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await scriptProcess('=[extract("references are 1234, 1256, 1378", "12[0-9]*"), extract("abc", "x"), extract(string: "ab", pattern: "x*"), extract(s, "^(a+)+$")]'));
    const pik = engine.createInstance('p', { s: `${'a'.repeat(31)}!` });
    assert.deepEqual(engine.variables(pik).result, [['1234', '1256'], [], ['', '', ''], []]);
  });

  it('given a pattern with a backreference, when evaluated, then an incident names the pattern instead of a silent null', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await scriptProcess('=matches("aa", "(a)\\1")'));
    const pik = engine.createInstance('p', {});
    assert.match(onlyIncident(engine, pik).errorMessage, /Expected a regular expression RE2 accepts.*'\(a\)\\1'/);
  });

  it('given a regular expression over a string of a million characters, when matched, then its work is charged and an incident is raised', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await scriptProcess('=matches(s, "x")'));
    const pik = engine.createInstance('p', { s: 'ab'.repeat(500_000) });
    assert.match(onlyIncident(engine, pik).errorMessage, /would take more than 25000 iterations/);
  });

  it('given a decision table rule testing its input with a catastrophic pattern, when evaluated, then RE2 answers at once', async () => {
    const result = decisionFeel(0).unaryTest('matches(?, "^(a+)+$")', `${'a'.repeat(31)}!`, {});
    assert.deepEqual(result, { ok: true, value: false });
  });
});
