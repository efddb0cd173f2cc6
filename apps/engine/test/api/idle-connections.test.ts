import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IncomingMessage } from 'node:http';
import { queryObjects } from 'node:v8';
import { deployed, engineForFile, oneTaskProcess } from './support';

/**
 * Clients keep connections open between requests (every HTTP client pool does). Whatever a
 * finished request leaves on its idle connection — its keep-alive timer, or a pooled database
 * connection's idle timer armed while it ran — must not keep the request itself alive: at a few
 * hundred requests a second, requests kept that long end up in the old generation, whose
 * collections pause every request in flight.
 */
describe('requests on idle keep-alive connections', () => {
  const ctx = engineForFile('api_idle_connections');

  before(async () => {
    await deployed(ctx.api, { name: 'idle.bpmn', content: oneTaskProcess('idle', 'idle-work') });
  });

  it('given 24 clients that each started an instance and keep their connection open, then none of those requests stays in memory', async () => {
    // given nothing from earlier requests (the deployment) in memory
    const before = queryObjects(IncomingMessage, { format: 'count' });

    // when 24 clients start an instance at once, each on its own kept-alive connection, and
    // read their answers
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        fetch(`${ctx.api.baseUrl}/v2/process-instances`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', connection: 'keep-alive' },
          body: JSON.stringify({ processDefinitionId: 'idle', variables: { client: i } }),
        }).then(async (res) => ({ status: res.status, body: (await res.json()) as { processInstanceKey?: string } })),
      ),
    );
    assert.deepEqual(answers.map((a) => a.status), Array(24).fill(200));
    assert.ok(answers.every((a) => a.body.processInstanceKey));

    // then, while the connections sit idle, at most a couple of the 24 requests are still
    // reachable (Node may keep the last request of a connection's parser a little longer)
    const after = queryObjects(IncomingMessage, { format: 'count' });
    assert.ok(after - before <= 4, `expected the finished requests to be collectable, but ${after - before} of 24 were still in memory`);
  });
});
