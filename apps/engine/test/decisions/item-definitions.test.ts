import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertProblem, deployed, engineForFile, fixture, incidentsOf, ok, startInstance } from '../api/support';
import { ruleProcess } from './rule-process';

/**
 * Item definitions constrain the values a decision reads and produces: `allowedValues`, a base
 * type, the items of a collection and the components of a structure. A value outside them fails
 * the evaluation with a message naming the decision, the input or output, and the value.
 */
describe('decisions: item-definition constraints on inputs, outputs and results', () => {
  const ctx = engineForFile('api_item_definitions');
  const evaluate = async (decisionDefinitionId: string, variables: object) =>
    ok(await ctx.api.post('/v2/decision-definitions/evaluation', { decisionDefinitionId, variables }));

  before(async () => {
    await deployed(ctx.api, { name: 'loan-limits.dmn', content: fixture('loan-limits.dmn') });
  });

  it('evaluates values within their item definitions as before', async () => {
    assert.equal((await evaluate('Decision_0risk', { applicant: { age: 30 }, amount: 50000 })).output, '"low"');
    assert.equal((await evaluate('Decision_1limit', { amount: 100000 })).output, '200000');
    assert.deepEqual(JSON.parse((await evaluate('Decision_2applicant', { applicant: { age: 30, country: 'NL' } })).output), { age: 30, country: 'NL' });
    assert.deepEqual(JSON.parse((await evaluate('Decision_3flags', { flags: ['late payment'] })).output), ['late payment']);
    // null conforms to every type: a missing applicant is not a violation
    assert.equal((await evaluate('Decision_2applicant', {})).output, 'null');
  });

  it('fails an input outside its item definition, naming the decision, the input and the value', async () => {
    const tooLarge = await evaluate('Decision_0risk', { applicant: { age: 30 }, amount: 600000 });
    assert.equal(tooLarge.failedDecisionDefinitionId, 'Decision_0risk');
    assert.equal(tooLarge.failureMessage, "Expected input 'Amount' of decision 'Risk' ('Decision_0risk') to be of type 'loanAmount', but it is 600000, not one of [1000..500000]");
    const minor = await evaluate('Decision_0risk', { applicant: { age: 16 }, amount: 50000 });
    assert.equal(minor.failureMessage, "Expected input 'Age' of decision 'Risk' ('Decision_0risk') to be of type 'adultAge', but it is 16, not one of >= 18");
    // a value of the wrong base type is a violation too, not a silent null
    const text = await evaluate('Decision_0risk', { applicant: { age: 30 }, amount: '50000' });
    assert.match(text.failureMessage, /to be of type 'loanAmount', but it is "50000", not a number/);
  });

  it("fails a matched rule's output outside the output's item definition, naming the rule and the inputs", async () => {
    const body = await evaluate('Decision_0risk', { applicant: { age: 30 }, amount: 2000 });
    assert.equal(
      body.failureMessage,
      `Expected output 'Risk level' of rule 'DecisionRule_2small' (#3) in decision 'Risk' ('Decision_0risk') to be of type 'riskLevel', but it is "none", not one of "low","medium","high". Inputs: Age = 30, Amount = 2000`,
    );
  });

  it("checks a literal expression's result against its variable's type: a chain of definitions, a structure and a collection", async () => {
    // creditLimit is a loanAmount (1000..500000) that is also <= 250000
    assert.match((await evaluate('Decision_1limit', { amount: 200000 })).failureMessage, /'Credit limit' \('Decision_1limit'\) to be of type 'creditLimit', but it is 400000, not one of <= 250000/);
    // each component of a structure, by name
    assert.match((await evaluate('Decision_2applicant', { applicant: { age: 30, country: 'US' } })).failureMessage, /but its 'country' is "US", not one of "DE","FR","NL"/);
    assert.match((await evaluate('Decision_2applicant', { applicant: { age: 17, country: 'DE' } })).failureMessage, /but its 'age' is 17, not one of >= 18/);
    // each item of a collection, by position
    assert.match((await evaluate('Decision_3flags', { flags: ['late payment', 'lottery win'] })).failureMessage, /but its item 2 is "lottery win", not one of "late payment","default","new customer"/);
    assert.match((await evaluate('Decision_3flags', { flags: 'default' })).failureMessage, /but it is "default", not a list/);
  });

  it('raises a DECISION_EVALUATION_ERROR incident from a business-rule task whose decision meets a value outside its type', async () => {
    await deployed(ctx.api, { name: 'loan.bpmn', content: ruleProcess('loan-check', 'decisionId="Decision_0risk" resultVariable="risk"') });
    const key = await startInstance(ctx.api, 'loan-check', { applicant: { age: 30 }, amount: 750000 });
    const [incident] = await incidentsOf(ctx.api, key);
    assert.equal(incident.errorType, 'DECISION_EVALUATION_ERROR');
    assert.match(incident.errorMessage, /input 'Amount' of decision 'Risk' \('Decision_0risk'\) to be of type 'loanAmount', but it is 750000, not one of \[1000\.\.500000\]/);
  });

  it('fails, rather than holding the engine, a long list whose constraint needs full FEEL for each item', async () => {
    // given a collection type whose allowed values the compiled fast path cannot answer
    const feelOnly = fixture('loan-limits.dmn')
      .replace('id="Definitions_0loanlimits"', 'id="Definitions_1feelonly"')
      .replace(/Decision_3flags/g, 'Decision_4flags')
      .replace('<text>"late payment","default","new customer"</text>', '<text>string length(?) &lt; 20</text>');
    await deployed(ctx.api, { name: 'feel-only.dmn', content: feelOnly });
    // then a short list is checked, and a list of 500 items fails at the engine's limit
    assert.equal((await evaluate('Decision_4flags', { flags: ['late payment', 'default'] })).failureMessage, '');
    const long = await evaluate('Decision_4flags', { flags: Array.from({ length: 500 }, () => 'late payment') });
    assert.match(long.failureMessage, /decision 'Risk flags' \('Decision_4flags'\).*would take more than 100 FEEL evaluations, over the engine's limit/);
  });

  it('refuses a file whose item definitions loop or whose allowed values do not parse', async () => {
    const broken = fixture('loan-limits.dmn')
      .replace('<typeRef>number</typeRef>\n    <allowedValues id="UnaryTests_1amount">', '<typeRef>creditLimit</typeRef>\n    <allowedValues id="UnaryTests_1amount">')
      .replace('<text>&gt;= 18</text>', '<text>&gt;= </text>');
    const res = await ctx.api.deploy({ name: 'broken-limits.dmn', content: broken });
    assertProblem(
      res,
      400,
      /'ItemDefinition_1amount': Expected item definition 'loanAmount' to be based on a type, not on itself, but its typeRef chain loops \(loanAmount → creditLimit → loanAmount\)/,
      /'ItemDefinition_3age': Expected valid FEEL unary tests in the allowed values of item definition 'adultAge', but it ends too early/,
    );
  });
});
