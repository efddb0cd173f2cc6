import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { activateJobOf, assertProblem, deployed, elementsOf, engineForFile, ok, startInstance, untilState } from '../api/support';
import { camunda8 } from './support';

describe('compensation event sub-process: a completed sub-process undone as a whole, in the order its event sub-process chooses', () => {
  const ctx = engineForFile('dialect_compensation_esp');

  async function complete(type: string, key: string, variables: Record<string, unknown> = {}): Promise<any> {
    const job = await activateJobOf(ctx.api, type, key);
    ok(await ctx.api.post(`/v2/jobs/${job.jobKey}/completion`, { variables }), 204);
    return job;
  }

  async function bookTrip(paid: boolean): Promise<string> {
    const key = await startInstance(ctx.api, 'trip-booking', { request: { id: 'T-7' } });
    await complete('book-hotel', key, { hotel: 'H-1' });
    await complete('book-flight', key, { flight: 'F-9' });
    await complete('charge-card', key, { paid });
    return key;
  }

  it('deploys the diagram', async () => {
    await deployed(ctx.api, { name: 'compensation-event-sub-process.bpmn', content: camunda8('compensation-event-sub-process.bpmn') });
  });

  it('runs the event sub-process when the trip is rolled back: the customer is told, then the hotel and then the flight are cancelled', async () => {
    const key = await bookTrip(false);
    // then the event sub-process undoes the booking, with the sub-process's variables
    const notify = await complete('notify-customer', key);
    assert.equal(notify.variables.tripId, 'T-7');
    // the hotel first, though it was booked first (default compensation would start with the flight)
    await complete('cancel-hotel', key);
    await complete('cancel-flight', key);
    await untilState(ctx.api, key, 'COMPLETED');
    const [undo] = await elementsOf(ctx.api, key, 'Activity_undoTrip');
    assert.equal(undo.state, 'COMPLETED');
    assert.equal(undo.type, 'EVENT_SUB_PROCESS');
    for (const id of ['Activity_cancelHotel', 'Activity_cancelFlight', 'Event_rollBack'])
      assert.deepEqual((await elementsOf(ctx.api, key, id)).map((e) => e.state), ['COMPLETED'], id);
  });

  it('leaves it alone when the trip is paid', async () => {
    const key = await bookTrip(true);
    await untilState(ctx.api, key, 'COMPLETED');
    assert.deepEqual(await elementsOf(ctx.api, key, 'Activity_undoTrip'), []);
  });

  it('refuses a compensation event sub-process on the process level, as Zeebe does', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_top" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="top-level-undo" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" />
    <bpmn:subProcess id="Activity_undo" triggeredByEvent="true">
      <bpmn:startEvent id="Event_undo"><bpmn:compensateEventDefinition /></bpmn:startEvent>
    </bpmn:subProcess>
  </bpmn:process>
</bpmn:definitions>`;
    assertProblem(await ctx.api.deploy({ name: 'top-level.bpmn', content: xml }), 400, /compensation event sub-process inside an embedded sub-process/);
  });
});
