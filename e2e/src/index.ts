/**
 * `@osprey/e2e` — full-stack test helpers: a real engine process on a fresh database.
 *
 * @example
 * const db = await migratedTestDatabase('e2e_orders');
 * const engine = await startEngineProcess({ databaseUrl: db.url });
 * // … drive engine.url with any client …
 * await engine.stop();
 * await db.drop();
 */
export * from './engine-process';
export * from './test-database';
export * from './poll';
export * from './kafka';
export * from './camunda-client';
