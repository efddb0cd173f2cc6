import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertProblem, deployed, engineForFile, fixture, ok } from '../api/support';

/**
 * Camunda's FEEL reads names with spaces in backquotes (`` `order total` ``). A Camunda Modeler
 * file uses them in every kind of cell: input expressions, input entries, output entries,
 * literal expressions, and the result of a required decision by the name of its variable.
 */
describe('decisions: backquoted names in every FEEL of a Camunda Modeler file', () => {
  const ctx = engineForFile('api_backquoted_names');
  const shop = { 'free shipping from': 50, 'home country': 'DE', 'base fee': 4.5 };
  const fee = async (variables: object) => {
    const body = ok(await ctx.api.post('/v2/decision-definitions/evaluation', { decisionDefinitionId: 'Decision_1shipping', variables: { ...shop, ...variables } }));
    assert.equal(body.failureMessage, '', body.failureMessage);
    return body;
  };

  before(async () => {
    await deployed(ctx.api, { name: 'shipping-fees.dmn', content: fixture('shipping-fees.dmn') });
  });

  it('reads the required decision by its variable name and backquoted names in the input entries and output entries', async () => {
    // when a home order over the free-shipping threshold is evaluated
    const body = await fee({ 'line items': [{ price: 20, 'unit count': 3 }], 'ship to': { 'country code': 'DE' } });
    // then the literal expression summed the items, and the table read its result as `order total`
    const [total, shipping] = body.evaluatedDecisions;
    assert.equal(total.decisionDefinitionId, 'Decision_0ordertotal');
    assert.equal(total.output, '60');
    assert.deepEqual(
      shipping.evaluatedInputs.map((i: any) => [i.inputName, i.inputValue]),
      [['Order total', '60'], ['Destination', '"DE"']],
    );
    // and the first rule (`>= \`free shipping from\``, `\`home country\``) matched
    assert.deepEqual(shipping.matchedRules.map((r: any) => r.ruleId), ['DecisionRule_0free']);
    assert.deepEqual(JSON.parse(body.output), { fee: 0, note: 'free from 50' });
  });

  it('evaluates output entries that compute with backquoted names, and not(...) of one', async () => {
    // a home order under the threshold pays the base fee, and the note says how much is missing
    const home = await fee({ 'line items': [{ price: 20, 'unit count': 1 }, { price: 5, 'unit count': 2 }], 'ship to': { 'country code': 'DE' } });
    assert.deepEqual(JSON.parse(home.output), { fee: 4.5, note: '20 to go' });
    // an order abroad matches not(`home country`, "XX") and pays twice the base fee
    const abroad = await fee({ 'line items': [{ price: 20, 'unit count': 3 }], 'ship to': { 'country code': 'FR' } });
    assert.deepEqual(JSON.parse(abroad.output), { fee: 9, note: 'abroad' });
  });

  it('still refuses a cell whose backquoted name is not closed, naming the rule', async () => {
    const broken = fixture('shipping-fees.dmn').replace('&gt;= `free shipping from`', '&gt;= `free shipping from');
    const res = await ctx.api.deploy({ name: 'broken-shipping.dmn', content: broken });
    assertProblem(res, 400, /'DecisionRule_0free': Expected valid FEEL unary tests in the input entry 1 of rule 'DecisionRule_0free'/);
  });
});
