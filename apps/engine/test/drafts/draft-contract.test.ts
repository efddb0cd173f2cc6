import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertProblem, engineForFile, ok, oneTaskProcess } from '../api/support';

/** The modeler saves its unsaved diagram as a draft; the body is read against its contract. */
describe('saving a draft: the body is read against its contract', () => {
  const ctx = engineForFile('drafts_contract');
  const form = { formId: 'approve', schema: JSON.stringify({ type: 'default', components: [] }) };

  it('saves a diagram with its forms and reads it back', async () => {
    // given the modeler's draft of a process, with a form, and fields it does not know dropped
    const xml = oneTaskProcess('draft-order', 'approve');
    const saved = ok(await ctx.api.request('PUT', '/v2/osprey/drafts/draft-order', { xml, name: 'Order', forms: [form], colour: 'blue' }));
    // then the stored draft is answered, and reads back the same
    assert.equal(saved.processDefinitionId, 'draft-order');
    const read = ok(await ctx.api.get('/v2/osprey/drafts/draft-order'));
    assert.equal(read.xml, xml);
    assert.equal(read.name, 'Order');
    assert.deepEqual(read.forms, [form]);
    assert.equal('colour' in read, false);
  });

  it('names every field that breaks the contract, and saves nothing', async () => {
    // when the body lacks the XML and carries a form without its schema
    const res = await ctx.api.request('PUT', '/v2/osprey/drafts/draft-broken', { name: 7, forms: [{ formId: 'approve' }] });
    // then one 400 names each field
    assertProblem(res, 400, /xml: Expected .*, but it is missing/, /name: Expected a string, but found 7/, /forms\.0\.schema: Expected .*, but it is missing/);
    assert.equal((await ctx.api.get('/v2/osprey/drafts/draft-broken')).status, 404);
  });

  it('refuses XML without a definitions element and a form schema that is not a JSON object', async () => {
    const res = await ctx.api.request('PUT', '/v2/osprey/drafts/draft-odd', { xml: '<process/>', forms: [{ formId: 'approve', schema: '[1]' }] });
    assertProblem(res, 400, /xml: Expected BPMN 2\.0 XML with a definitions element/, /forms\.0\.schema: Expected a form-js schema as JSON text/);
  });

  it('refuses more forms than a draft carries', async () => {
    const forms = Array.from({ length: 51 }, (_, i) => ({ ...form, formId: `f${i}` }));
    const res = await ctx.api.request('PUT', '/v2/osprey/drafts/draft-many', { xml: oneTaskProcess('draft-many', 'approve'), forms });
    assertProblem(res, 400, /forms: Expected an array of at most 50/);
  });
});
