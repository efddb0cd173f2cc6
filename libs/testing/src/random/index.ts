/**
 * Random structured processes for property tests: a seeded generator of process trees, their
 * rendering as Camunda 8 / Zeebe XML (and in the dialect of the `bpmn-engine` package), and a
 * driver that runs them step by step with seeded choices.
 *
 * @example
 * ```ts
 * const rng = new Prng(42);
 * const flat = flattenProcess('p42', randomProcessTree(rng));
 * const [graph] = await compileOrThrow(renderZeebeXml(flat));
 * const engine = new InMemoryEngine();
 * engine.deploy(graph!);
 * const driver = InMemoryProcessDriver.start(engine, 'p42');
 * const fired = new Set<string>();
 * for (let a = chooseAction(rng, driver.observe(), fired); a; a = chooseAction(rng, driver.observe(), fired)) driver.perform(a);
 * ```
 */
export * from './prng';
export * from './process-tree';
export * from './flat-process';
export * from './process-xml';
export * from './random-run';
export * from './in-memory-driver';
export * from './instance-snapshot';
