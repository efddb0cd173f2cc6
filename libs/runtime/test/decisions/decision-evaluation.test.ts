import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileDmn, evaluateDecision, type DecisionEvaluation, type DecisionValue } from '@osprey/dmn';
import { decisionFeel } from '../../src';
import { dmnFile, literalDecision, tableDecision, type TableSpec } from './dmn-table';

const feel = decisionFeel(Date.parse('2026-05-01T12:00:00Z'));

async function evaluate(spec: TableSpec | string, vars: Record<string, DecisionValue>, decisionId?: string, ...more: string[]): Promise<DecisionEvaluation> {
  const decision = typeof spec === 'string' ? spec : tableDecision(spec);
  const id = decisionId ?? (typeof spec === 'string' ? /id="([^"]+)"/.exec(spec)![1] : spec.id);
  return evaluateDecision(await compileDmn(dmnFile('drg', decision, ...more)), id, vars, feel);
}

function output(result: DecisionEvaluation): DecisionValue {
  assert.ok(result.ok, result.ok ? '' : result.failureMessage);
  return result.output;
}

function failure(result: DecisionEvaluation): string {
  assert.equal(result.ok, false, 'expected the evaluation to fail');
  return result.ok ? '' : result.failureMessage;
}

const discount = (hitPolicy: string, aggregation?: string): TableSpec => ({
  id: 'discount',
  name: 'Discount',
  hitPolicy,
  aggregation,
  inputs: [{ expression: 'customer.tier', label: 'Tier', typeRef: 'string' }, { expression: 'amount', label: 'Amount', typeRef: 'number' }],
  outputs: [{ name: 'rate', typeRef: 'number', values: '20, 10, 5, 0' }],
  rules: [
    [['"gold"', '>= 1000'], ['20']],
    [['"gold","silver"', '-'], ['10']],
    [['-', '[100..1000]'], ['5']],
    [['not("gold")', '< 100'], ['0']],
  ],
});
const gold = (amount: number) => ({ customer: { tier: 'gold' }, amount });

describe('decision table evaluation', () => {
  it('UNIQUE: one match gives its value, two matches fail naming the decision, the rules and the inputs', async () => {
    assert.equal(output(await evaluate(discount('UNIQUE'), { customer: { tier: 'bronze' }, amount: 50 })), 0);
    const message = failure(await evaluate(discount('UNIQUE'), gold(1500)));
    assert.match(message, /decision 'Discount' \('discount'\)/);
    assert.match(message, /rules 'discount_rule1' \(#1\) and 'discount_rule2' \(#2\)/);
    assert.match(message, /Tier = "gold", Amount = 1500/);
  });

  it('UNIQUE with no match is null', async () => {
    assert.equal(output(await evaluate(discount('UNIQUE'), { customer: { tier: 'bronze' }, amount: 5000 })), null);
  });

  it('FIRST takes the first matching rule and reports only it', async () => {
    const r = await evaluate(discount('FIRST'), gold(1500));
    assert.equal(output(r), 20);
    assert.deepEqual(r.evaluatedDecisions[0].matchedRules.map((m) => m.ruleIndex), [1]);
  });

  it('PRIORITY takes the highest output value; OUTPUT ORDER lists them by it', async () => {
    const priority = discount('PRIORITY');
    const reversed = { ...priority, outputs: [{ name: 'rate', typeRef: 'number', values: '0, 5, 10, 20' }] };
    assert.equal(output(await evaluate(priority, gold(500))), 10);
    assert.equal(output(await evaluate(reversed, gold(500))), 5);
    assert.deepEqual(output(await evaluate(discount('OUTPUT ORDER'), gold(1000))), [20, 10, 5]);
  });

  it('ANY accepts equal outputs and fails on different ones', async () => {
    const any: TableSpec = { id: 'any', hitPolicy: 'ANY', inputs: [{ expression: 'n' }], outputs: [{}], rules: [[['> 1'], ['"big"']], [['> 2'], ['"big"']], [['> 3'], ['"huge"']]] };
    assert.equal(output(await evaluate(any, { n: 3 })), 'big');
    assert.match(failure(await evaluate(any, { n: 4 })), /equal outputs \(hit policy ANY\).*"big", "huge".*n = 4/);
  });

  it('RULE ORDER and COLLECT list every match; COLLECT SUM, MIN, MAX and COUNT aggregate', async () => {
    assert.deepEqual(output(await evaluate(discount('RULE ORDER'), gold(500))), [10, 5]);
    assert.deepEqual(output(await evaluate(discount('COLLECT'), gold(1000))), [20, 10, 5]);
    assert.equal(output(await evaluate(discount('COLLECT', 'SUM'), gold(1000))), 35);
    assert.equal(output(await evaluate(discount('COLLECT', 'MIN'), gold(1000))), 5);
    assert.equal(output(await evaluate(discount('COLLECT', 'MAX'), gold(1000))), 20);
    assert.equal(output(await evaluate(discount('COLLECT', 'COUNT'), gold(1000))), 3);
    assert.equal(output(await evaluate(discount('COLLECT', 'COUNT'), { customer: { tier: 'x' }, amount: 5000 })), 0);
    assert.equal(output(await evaluate(discount('COLLECT', 'SUM'), { customer: { tier: 'x' }, amount: 5000 })), null);
    assert.deepEqual(output(await evaluate(discount('COLLECT'), { customer: { tier: 'x' }, amount: 5000 })), []);
  });

  it('several outputs make a context per rule, reported with their names', async () => {
    const table: TableSpec = {
      id: 'route', inputs: [{ expression: 'weight' }], outputs: [{ name: 'carrier', typeRef: 'string' }, { name: 'days', typeRef: 'number' }],
      rules: [[['<= 2'], ['"post"', '3']], [['> 2'], ['"truck"', 'weight / 10 + 1']]],
    };
    const r = await evaluate(table, { weight: 30 });
    assert.deepEqual(output(r), { carrier: 'truck', days: 4 });
    assert.deepEqual(r.evaluatedDecisions[0].matchedRules[0], {
      ruleId: 'route_rule2', ruleIndex: 2,
      evaluatedOutputs: [{ outputId: 'route_out0', outputName: 'carrier', outputValue: 'truck' }, { outputId: 'route_out1', outputName: 'days', outputValue: 4 }],
    });
    assert.deepEqual(r.evaluatedDecisions[0].evaluatedInputs, [{ inputId: 'route_in0', inputName: 'weight', inputValue: 30 }]);
  });

  it('full FEEL in entries: ? tests, functions, variables, dates; FEEL errors fail naming the rule', async () => {
    const table: TableSpec = {
      id: 'check', hitPolicy: 'COLLECT', inputs: [{ expression: 'name' }, { expression: 'date(due)', typeRef: 'date' }], outputs: [{}],
      rules: [
        [['starts with(?, "A")', '-'], ['"starts with A"']],
        [['string length(?) > limit', '-'], ['"long"']],
        [['-', '< date("2026-01-01")'], ['"old"']],
        [['-', '-'], ['upper case(name)']],
      ],
    };
    assert.deepEqual(output(await evaluate(table, { name: 'Alexander', due: '2025-06-01', limit: 5 })), ['starts with A', 'long', 'old', 'ALEXANDER']);
    assert.match(failure(await evaluate(table, { name: 'Bo', due: '2027-01-01' })), /input entry 1 \('string length\(\?\) > limit'\) of rule 'check_rule2' \(#2\)/);
  });

  it('reads input variables with backquoted names, as Camunda Modeler files use them', async () => {
    const table: TableSpec = { id: 'vehicle', hitPolicy: 'FIRST', inputs: [{ expression: '`vehicle type`', typeRef: 'string' }, { expression: 'order.`model year`', typeRef: 'integer' }], outputs: [{}], rules: [[['"MOTORCYCLE"', '>= 2022'], ['5']], [['-', '-'], ['30']]] };
    assert.equal(output(await evaluate(table, { 'vehicle type': 'MOTORCYCLE', order: { 'model year': 2023 } })), 5);
    assert.equal(output(await evaluate(table, { 'vehicle type': 'MOTORCYCLE', order: { 'model year': 2020 } })), 30);
  });

  it('now() and today() in entries read the command clock, as in processes', async () => {
    const table: TableSpec = { id: 'due', inputs: [{ expression: 'due', typeRef: 'date' }], outputs: [{}], rules: [[['< today()'], ['"overdue"']], [['>= today()'], ['"open"']]] };
    // the evaluator's clock is 2026-05-01
    assert.equal(output(await evaluate(table, { due: '2026-04-30' })), 'overdue');
    assert.equal(output(await evaluate(table, { due: '2026-05-01' })), 'open');
  });

  it('ranges, comparisons, lists and not() over numbers and strings', async () => {
    const table: TableSpec = {
      id: 'grade', hitPolicy: 'RULE ORDER', inputs: [{ expression: 'score' }], outputs: [{}],
      rules: [[['[90..100]'], ['"A"']], [[']80..90['], ['"B"']], [['not([0..80], 85)'], ['"not low"']], [['85, 95'], ['"listed"']], [['!= 3'], ['"fallback"']]],
    };
    assert.deepEqual(output(await evaluate(table, { score: 85 })), ['B', 'listed', 'fallback']);
    assert.deepEqual(output(await evaluate(table, { score: 90 })), ['A', 'not low', 'fallback']);
    assert.deepEqual(output(await evaluate(table, { score: null })), ['not low', 'fallback']);
  });

  it('input values restrict the input: a value outside them fails', async () => {
    const table: TableSpec = { id: 'tier', inputs: [{ expression: 'level', typeRef: 'string', values: '"gold","silver"' }], outputs: [{}], rules: [[['-'], ['1']]] };
    assert.equal(output(await evaluate(table, { level: 'gold' })), 1);
    assert.match(failure(await evaluate(table, { level: 'platinum' })), /input 'level' of decision 'tier' \('tier'\) to be one of "gold","silver", but it is "platinum"/);
  });

  it('typeRef coercion: a value that does not conform is null; a missing input is null', async () => {
    const table: TableSpec = { id: 'typed', inputs: [{ expression: 'n', typeRef: 'number' }], outputs: [{ typeRef: 'string' }], rules: [[['null'], ['"none"']], [['> 0'], ['n']]] };
    assert.equal(output(await evaluate(table, { n: '7' })), 'none');
    assert.equal(output(await evaluate(table, {})), 'none');
    assert.equal(output(await evaluate(table, { n: 7 })), null, 'the number output does not conform to typeRef string');
  });
});

describe('literal expressions and required decisions', () => {
  it('a literal expression decision answers its value, coerced to its variable type', async () => {
    assert.equal(output(await evaluate(literalDecision('total', 'sum(for i in items return i.price)', { typeRef: 'number' }), { items: [{ price: 2 }, { price: 3.5 }] })), 5.5);
  });

  it('evaluates required decisions first, once each, with their results by decision id', async () => {
    const table = tableDecision({ id: 'risk', inputs: [{ expression: 'age' }], outputs: [{}], rules: [[['< 25'], ['"high"']], [['>= 25'], ['"low"']]] });
    const premium = literalDecision('premium', 'if risk = "high" then base * 2 else base', { requires: ['risk'] });
    const quote = literalDecision('quote', '{premium: premium, risk: risk}', { requires: ['premium', 'risk'] });
    const r = await evaluate(quote, { age: 20, base: 100 }, 'quote', table, premium);
    assert.deepEqual(output(r), { premium: 200, risk: 'high' });
    assert.deepEqual(r.evaluatedDecisions.map((d) => [d.decisionId, d.decisionType]), [['risk', 'DECISION_TABLE'], ['premium', 'LITERAL_EXPRESSION'], ['quote', 'LITERAL_EXPRESSION']]);
  });

  it('a failing required decision fails the evaluation and is named as the failed decision', async () => {
    const broken = literalDecision('broken', 'assert(missing, missing != null).value + 1');
    const top = literalDecision('top', 'broken', { requires: ['broken'] });
    const r = await evaluate(top, {}, 'top', broken);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.failedDecisionId, 'broken');
  });
});
