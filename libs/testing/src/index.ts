/**
 * `@osprey/testing` — harnesses for Osprey's tests: a fluent builder of BPMN processes that
 * compiles them with the real compiler, and an engine that runs them in memory.
 *
 * @example
 * ```ts
 * import { createProcess, InMemoryEngine } from '@osprey/testing';
 *
 * const engine = new InMemoryEngine();
 * engine.deploy(await createProcess('hello').startEvent('start').serviceTask('greet', { type: 'greet' }).endEvent('end').build());
 * const pik = engine.createInstance('hello', { name: 'Ada' });
 * const [job] = engine.jobs({ type: 'greet' });
 * engine.completeJob(job!.key, { greeting: 'Hello, Ada' });
 * engine.instanceState(pik); // 'COMPLETED'
 * ```
 */
export * from './graph-builder';
export * from './in-memory-engine';
export * from './postgres-template';
export * from './migrated-database';
export * from './engine-process';
export * from './schema-catalog';
export * from './random';
export * from './otlp-receiver';
export * from './oidc-provider';
