/**
 * Micro-benchmark of multi-instance activities in the interpreter alone (no store). Not a
 * test; run it to check that cost grows linearly with the size of the input collection:
 *
 *   npx tsc -b libs/runtime/bench && node libs/runtime/dist/bench/multi-instance.bench.js
 *
 * - "one command": a parallel multi-instance pass-through task with an output collection
 *   runs every inner instance in the command that reaches it; the time per inner instance
 *   should stay flat as n grows.
 * - "one job each": a parallel multi-instance service task, then one COMPLETE_JOB command per
 *   job. Each command copies the instance's top-level maps and writes the output collection
 *   once, so a command costs O(n) and the whole run O(n²) by nature; the time per command
 *   should grow linearly with n.
 */
import { execute, type ExecutionContext, type InstanceState } from '@osprey/runtime';
import type { ProcessGraph } from '@osprey/bpmn';
import { createProcess } from '@osprey/testing';

/** Compiled in `main`: the builder's graphs come from the compiler, which is asynchronous. */
let passThrough: ProcessGraph;
let withJobs: ProcessGraph;

const buildPassThrough = () =>
  createProcess('pass')
  .startEvent('start')
  .task('visit', {
    multiInstance: {
      inputCollection: 'items',
      inputElement: 'item',
      outputCollection: 'seen',
      outputElement: '=item',
    },
  })
  .endEvent('end')
  .build();

const buildWithJobs = () =>
  createProcess('jobs')
  .startEvent('start')
  .serviceTask('charge', {
    type: 'charge',
    multiInstance: {
      inputCollection: 'items',
      inputElement: 'item',
      outputCollection: 'receipts',
      outputElement: '=receipt',
    },
  })
  .endEvent('end')
  .build();

let key = 1;
const context = (graph: ExecutionContext['graph']): ExecutionContext => ({
  now: Date.parse('2026-01-01T00:00:00Z'),
  nextKey: () => String(++key),
  graph,
});

function create(graph: ExecutionContext['graph'], n: number): InstanceState {
  const items = Array.from({ length: n }, (_, i) => i);
  return execute(
    null,
    {
      type: 'CREATE_INSTANCE',
      processInstanceKey: String(++key),
      processDefinitionKey: '1',
      version: 1,
      tenantId: '<default>',
      variables: { items },
    },
    context(graph),
  ).state;
}

function oneCommand(n: number): number {
  const t0 = process.hrtime.bigint();
  const state = create(passThrough, n);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (state.state !== 'COMPLETED')
    throw new Error(`Expected the instance to complete, but it is ${state.state}`);
  return ms;
}

function oneJobEach(n: number): number {
  let state = create(withJobs, n);
  const jobs = Object.values(state.elements).filter((e) => e.jobKey);
  const ctx = context(withJobs);
  const t0 = process.hrtime.bigint();
  for (const el of jobs) {
    state = execute(
      state,
      {
        type: 'COMPLETE_JOB',
        jobKey: el.jobKey!,
        elementInstanceKey: el.key,
        variables: { receipt: el.key },
      },
      ctx,
    ).state;
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (state.state !== 'COMPLETED')
    throw new Error(`Expected the instance to complete, but it is ${state.state}`);
  return ms / n;
}

async function main(): Promise<void> {
  passThrough = await buildPassThrough();
  withJobs = await buildWithJobs();
  // Warm up the JIT before measuring.
  for (let i = 0; i < 20; i++) oneCommand(500);
  oneJobEach(500);

  for (const n of [1_000, 2_000, 4_000, 8_000]) {
    const ms = Math.min(oneCommand(n), oneCommand(n), oneCommand(n));
    console.log(
      `one command   n=${String(n).padStart(5)}  ${ms.toFixed(1).padStart(8)} ms  ${((ms * 1000) / n).toFixed(1).padStart(6)} µs/inner instance`,
    );
  }
  for (const n of [500, 1_000, 2_000]) {
    const ms = oneJobEach(n);
    console.log(`one job each  n=${String(n).padStart(5)}  ${ms.toFixed(3).padStart(8)} ms/command`);
  }
}

void main();
