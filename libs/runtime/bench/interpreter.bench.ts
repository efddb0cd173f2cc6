/**
 * Micro-benchmark of the interpreter alone (no store): how many one-task process instances it
 * starts per second (CREATE_INSTANCE up to JOB CREATED), and how many it finishes
 * (COMPLETE_JOB through PROCESS COMPLETED). Not a test; run it to compare changes:
 *
 *   npx tsc -b libs/runtime/bench && node libs/runtime/dist/bench/interpreter.bench.js
 *
 * The budget is ≥ 1,000 starts/s on two cores including PostgreSQL, so the interpreter's share
 * should stay well under 100 µs per start.
 */
import { execute, type ExecutionContext, type InstanceState } from '@osprey/runtime';
import { createProcess } from '@osprey/testing';

const buildGraph = () =>
  createProcess('bench')
  .startEvent('start')
  .serviceTask('task', { type: 'work', inputs: { orderId: '=orderId' } })
  .exclusiveGateway('decide')
  .condition('=total > 1000')
  .endEvent('big')
  .moveTo('decide')
  .defaultFlow()
  .endEvent('small')
  .build();

let key = 1;
/** Its graph is compiled in `main`: the builder's graphs come from the compiler, which is asynchronous. */
let ctx: ExecutionContext;

function start(): InstanceState {
  const pik = String(++key);
  return execute(
    null,
    {
      type: 'CREATE_INSTANCE',
      processInstanceKey: pik,
      processDefinitionKey: '1',
      version: 1,
      tenantId: '<default>',
      variables: { orderId: 'A-1', total: 250, customer: { name: 'Ada', tier: 'gold' } },
    },
    ctx,
  ).state;
}

function finish(state: InstanceState): void {
  const task = Object.values(state.elements).find((e) => e.jobKey)!;
  execute(
    state,
    { type: 'COMPLETE_JOB', jobKey: task.jobKey!, elementInstanceKey: task.key, variables: { paid: true } },
    ctx,
  );
}

function measure(name: string, iterations: number, fn: () => void): void {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  const ns = Number(process.hrtime.bigint() - t0);
  const perOp = ns / iterations / 1000;
  console.log(
    `${name.padEnd(34)} ${Math.round(1e9 / (ns / iterations))
      .toLocaleString('en')
      .padStart(10)} ops/s  ${perOp.toFixed(1).padStart(7)} µs/op`,
  );
}

async function main(): Promise<void> {
  ctx = { now: Date.parse('2026-01-01T00:00:00Z'), nextKey: () => String(++key), graph: await buildGraph() };
  // Warm up the JIT before measuring.
  for (let i = 0; i < 5_000; i++) finish(start());

  // A ring of started instances to finish, so retained garbage stays the same in both runs.
  const states: InstanceState[] = Array.from({ length: 1_000 }, start);
  let i = 0;
  for (let round = 0; round < 3; round++) {
    measure('start (to first job)', 50_000, () => void (states[i++ % states.length] = start()));
    measure('complete job (to process end)', 50_000, () => finish(states[i++ % states.length]!));
  }
}

void main();
