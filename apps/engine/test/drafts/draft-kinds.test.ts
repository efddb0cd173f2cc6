import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { assertProblem, engineForFile, ok, oneTaskProcess } from '../api/support';

const dmn = readFileSync(join(__dirname, '../../../test/fixtures/discount.dmn'), 'utf8');

/** Drafts have a kind: the decision editor keeps its DMN drafts apart from the modeler's BPMN drafts. */
describe('drafts of processes and of decision files', () => {
  const ctx = engineForFile('drafts_kinds');

  it('keeps a decision file and a process with the same id as two drafts, and lists each kind on its own', async () => {
    // given a process draft and a decision-file draft that share the id 'discount-rules'
    const bpmn = oneTaskProcess('discount-rules', 'approve');
    const process = ok(await ctx.api.request('PUT', '/v2/osprey/drafts/discount-rules', { xml: bpmn, name: 'Discount process' }));
    const decisions = ok(await ctx.api.request('PUT', '/v2/osprey/drafts/discount-rules?kind=dmn', { xml: dmn, name: 'Discount rules' }));
    // then each is stored with its kind, and neither overwrote the other
    assert.deepEqual([process.kind, process.draftId, process.processDefinitionId], ['bpmn', 'discount-rules', 'discount-rules']);
    assert.deepEqual([decisions.kind, decisions.draftId, 'processDefinitionId' in decisions], ['dmn', 'discount-rules', false]);
    assert.equal(ok(await ctx.api.get('/v2/osprey/drafts/discount-rules')).xml, bpmn);
    assert.equal(ok(await ctx.api.get('/v2/osprey/drafts/discount-rules?kind=bpmn')).name, 'Discount process');
    assert.equal(ok(await ctx.api.get('/v2/osprey/drafts/discount-rules?kind=dmn')).xml, dmn);

    // when the drafts are listed by kind
    const ids = async (filter: object) => ok(await ctx.api.request('POST', '/v2/osprey/drafts/search', { filter })).items.map((d: any) => `${d.kind}:${d.draftId}`);
    // then the modeler's list has the process only, the decision editor's the file only, and no filter lists both
    assert.deepEqual(await ids({ kind: 'bpmn' }), ['bpmn:discount-rules']);
    assert.deepEqual(await ids({ kind: 'dmn' }), ['dmn:discount-rules']);
    assert.deepEqual(await ids({}), ['bpmn:discount-rules', 'dmn:discount-rules']);

    // when the decision file's draft is discarded, then the process draft stays
    assert.equal((await ctx.api.request('DELETE', '/v2/osprey/drafts/discount-rules?kind=dmn')).status, 204);
    assertProblem(await ctx.api.get('/v2/osprey/drafts/discount-rules?kind=dmn'), 404, /Expected a draft of decision file 'discount-rules', but none is saved/);
    assert.equal(ok(await ctx.api.get('/v2/osprey/drafts/discount-rules')).name, 'Discount process');
  });

  it('refuses an unknown kind, forms on a decision file, and a search filter of the wrong shape', async () => {
    assertProblem(await ctx.api.request('PUT', '/v2/osprey/drafts/x?kind=form', { xml: dmn }), 400, /kind: Expected 'bpmn' or 'dmn', but found 'form'/);
    assertProblem(await ctx.api.get('/v2/osprey/drafts/x?kind=DMN'), 400, /kind: Expected 'bpmn' or 'dmn', but found 'DMN'/);
    const form = { formId: 'f', schema: '{"components":[]}' };
    assertProblem(await ctx.api.request('PUT', '/v2/osprey/drafts/x?kind=dmn', { xml: '<decision/>', forms: [form] }), 400, /xml: Expected DMN XML with a definitions element/, /forms: Expected no forms with a decision file's draft, but found 1/);
    assertProblem(await ctx.api.request('POST', '/v2/osprey/drafts/search', { filter: { kind: 'xlsx' } }), 400, /filter\.kind/);
    assert.equal((await ctx.api.get('/v2/osprey/drafts/x?kind=dmn')).status, 404);
  });

  it('shows a draft the previous release saves during an upgrade as a process draft', async () => {
    // given the previous release, still running during a blue/green switch, saving a draft its way
    const client = new Client({ connectionString: ctx.db.url });
    await client.connect();
    try {
      await client.query(`INSERT INTO process_draft (tenant_id, bpmn_process_id, name, xml) VALUES ('<default>', 'old-release', 'Old', $1)`, [oneTaskProcess('old-release', 'a')]);
      // then the new release reads it as a BPMN draft
      assert.equal(ok(await ctx.api.get('/v2/osprey/drafts/old-release')).name, 'Old');
      // and when the previous release discards it, it is gone here too
      await client.query(`DELETE FROM process_draft WHERE bpmn_process_id = 'old-release'`);
    } finally {
      await client.end();
    }
    assert.equal((await ctx.api.get('/v2/osprey/drafts/old-release')).status, 404);
  });
});
