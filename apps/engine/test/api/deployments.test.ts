import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertProblem, deployed, engineForFile, fixture, ok, search } from './support';

/** The invoice fixture under another process id, so each test owns its versions. */
function invoice(processId: string, name = 'Invoice approval'): string {
  return fixture('invoice.bpmn')
    .replace('id="invoice"', `id="${processId}"`)
    .replace('name="Invoice approval"', `name="${name}"`);
}

describe('deployments: POST /v2/deployments and the process-definition reads', () => {
  const ctx = engineForFile('api_deployments');

  it('deploys a .bpmn with its .form and answers like Camunda 8', async () => {
    // when a process and its form are deployed together
    const body = await deployed(
      ctx.api,
      { name: 'invoice.bpmn', content: invoice('invoice') },
      { name: 'invoice.form', content: fixture('invoice.form') },
    );
    // then the answer lists one process definition and one form, keys as strings of digits
    assert.match(body.deploymentKey, /^\d+$/);
    assert.equal(body.tenantId, '<default>');
    assert.equal(body.deployments.length, 2);
    const { processDefinitionKey, ...definition } = body.deployments.find(
      (d: any) => d.processDefinition,
    ).processDefinition;
    assert.match(processDefinitionKey, /^\d+$/);
    assert.deepEqual(definition, {
      processDefinitionId: 'invoice',
      processDefinitionVersion: 1,
      resourceName: 'invoice.bpmn',
      tenantId: '<default>',
    });
    const form = body.deployments.find((d: any) => d.form).form;
    assert.equal(form.formId, 'invoice-approval');
    assert.equal(form.version, 1);
    assert.equal(form.resourceName, 'invoice.form');
    assert.match(form.formKey, /^\d+$/);
  });

  it('lists every validation problem of every resource in one 400 problem, and stores nothing', async () => {
    // given a diagram with two problems, a form without an id, and an otherwise valid diagram
    const res = await ctx.api.deploy(
      { name: 'invalid.bpmn', content: fixture('invalid.bpmn') },
      { name: 'broken.form', content: '{"components": []}' },
      { name: 'valid.bpmn', content: invoice('valid-but-rejected') },
    );
    // then one problem names each element and the form
    assertProblem(
      res,
      400,
      /invalid\.bpmn/,
      /'charge'/,
      /taskDefinition/,
      /'compute'/,
      /zeebe:script/,
      /broken\.form/,
    );
    assert.ok(Array.isArray(res.body.errors), 'the problem lists each error');
    assert.ok(res.body.errors.length >= 2, JSON.stringify(res.body.errors));
    // and nothing of the deployment was stored (all or nothing)
    assert.deepEqual(
      await search(ctx.api, 'process-definitions', { processDefinitionId: 'valid-but-rejected' }),
      [],
    );
    assert.deepEqual(await search(ctx.api, 'process-definitions', { processDefinitionId: 'invalid' }), []);
  });

  it('refuses a resource that is neither BPMN nor a form', async () => {
    const res = await ctx.api.deploy({ name: 'notes.txt', content: 'hello' });
    assertProblem(res, 400, /notes\.txt/);
  });

  it('refuses XML with a DOCTYPE or entity declaration before parsing it, and stores nothing', async () => {
    // given the classic entity-expansion attack wrapped around a valid diagram
    const bomb = invoice('hostile-entity').replace(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>',
    );
    const external = invoice('hostile-external').replace(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    );
    for (const content of [bomb, external]) {
      // when it is deployed
      const res = await ctx.api.deploy({ name: 'hostile.bpmn', content });
      // then it is refused naming the declaration, and nothing leaks from the file system
      assertProblem(res, 400, /hostile\.bpmn/, /DOCTYPE|ENTITY/);
      assert.doesNotMatch(JSON.stringify(res.body), /root:/);
    }
    assert.deepEqual(
      await search(ctx.api, 'process-definitions', { processDefinitionId: { $like: 'hostile*' } }),
      [],
    );
  });

  it(
    'refuses a resource larger than 10 MB with a 400, and stores nothing',
    async () => {
      // given a valid diagram padded past 10 MB with a comment
      const padding = `<!-- ${'x'.repeat(10 * 1024 * 1024)} -->`;
      const huge = invoice('hostile-huge').replace('</bpmn:definitions>', `${padding}\n</bpmn:definitions>`);
      // when it is deployed
      const res = await ctx.api.deploy({ name: 'huge.bpmn', content: huge });
      // then it is refused, saying why
      assertProblem(res, 400, /10 MB|bytes/);
      assert.deepEqual(
        await search(ctx.api, 'process-definitions', { processDefinitionId: 'hostile-huge' }),
        [],
      );
      // and the engine still serves requests
      assert.equal((await ctx.api.get('/v2/topology')).status, 200);
    },
  );

  it('keeps the version on an identical redeployment and makes version 2 of a changed diagram', async () => {
    // given version 1
    const first = await deployed(ctx.api, { name: 'versioned.bpmn', content: invoice('versioned') });
    const v1 = first.deployments[0].processDefinition;
    // when the identical diagram is deployed again
    const again = await deployed(ctx.api, { name: 'versioned.bpmn', content: invoice('versioned') });
    // then it is still version 1, with the same key
    assert.equal(again.deployments[0].processDefinition.processDefinitionVersion, 1);
    assert.equal(again.deployments[0].processDefinition.processDefinitionKey, v1.processDefinitionKey);
    // when a changed diagram is deployed
    const changed = await deployed(ctx.api, {
      name: 'versioned.bpmn',
      content: invoice('versioned', 'Invoice approval (v2)'),
    });
    // then it becomes version 2 under a new key
    const v2 = changed.deployments[0].processDefinition;
    assert.equal(v2.processDefinitionVersion, 2);
    assert.notEqual(v2.processDefinitionKey, v1.processDefinitionKey);
    assert.equal(
      (await search(ctx.api, 'process-definitions', { processDefinitionId: 'versioned' })).length,
      2,
    );
  });

  it('reads a definition by key and its XML', async () => {
    // given a deployed diagram
    const xml = invoice('readable');
    const body = await deployed(ctx.api, { name: 'readable.bpmn', content: xml });
    const key = body.deployments[0].processDefinition.processDefinitionKey;
    // when it is read by key
    const definition = ok(await ctx.api.get(`/v2/process-definitions/${key}`));
    // then it shows Camunda's fields
    assert.equal(definition.processDefinitionKey, key);
    assert.equal(definition.processDefinitionId, 'readable');
    assert.equal(definition.name, 'Invoice approval');
    assert.equal(definition.version, 1);
    assert.equal(definition.resourceName, 'readable.bpmn');
    assert.equal(definition.tenantId, '<default>');
    // and its XML is the deployed document
    const res = await ctx.api.get(`/v2/process-definitions/${key}/xml`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /xml/);
    assert.equal(res.body, xml);
    // and unknown keys are 404 problems
    assertProblem(await ctx.api.get('/v2/process-definitions/999999999'), 404);
    assertProblem(await ctx.api.get('/v2/process-definitions/999999999/xml'), 404);
  });

  it('searches definitions with filter, sort and page', async () => {
    // given three versions of one process and another process
    for (const name of ['A', 'B', 'C'])
      await deployed(ctx.api, { name: 'paged.bpmn', content: invoice('paged', name) });
    await deployed(ctx.api, { name: 'other.bpmn', content: invoice('paged-other') });
    // when sorted by version, newest first
    const sorted = ok(
      await ctx.api.post('/v2/process-definitions/search', {
        filter: { processDefinitionId: 'paged' },
        sort: [{ field: 'version', order: 'DESC' }],
      }),
    );
    // then only that process comes back, newest first
    assert.deepEqual(
      sorted.items.map((d: any) => d.version),
      [3, 2, 1],
    );
    assert.equal(sorted.page.totalItems, 3);
    // when paged one at a time
    const page = ok(
      await ctx.api.post('/v2/process-definitions/search', {
        filter: { processDefinitionId: 'paged' },
        sort: [{ field: 'version', order: 'ASC' }],
        page: { from: 1, limit: 1 },
      }),
    );
    // then the second item comes back and the total counts all of them
    assert.deepEqual(
      page.items.map((d: any) => d.version),
      [2],
    );
    assert.equal(page.page.totalItems, 3);
    // and a filter on a field that does not exist is a 400 naming it
    assertProblem(
      await ctx.api.post('/v2/process-definitions/search', { filter: { colour: 'blue' } }),
      400,
      /colour/,
    );
  });
});
