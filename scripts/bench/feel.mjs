// The cost of one FEEL evaluation in the interpreter (no database, no HTTP): the shapes models
// use most, on the fast path and through feelin, and Camunda's extension functions. Each
// expression is evaluated `iterations` times after a warm-up; the figure is the mean in µs.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Expressions as models write them, with the variables they read. */
export const FEEL_CASES = [
  ['variable (fast path)', 'orderId'],
  ['comparison (fast path)', 'total > 1000'],
  ['missing variable → null', 'discount'],
  ['if-then-else (feelin)', 'if total > 1000 then "big" else "small"'],
  ['context with a list (feelin)', '{id: orderId, lines: for l in lines return l.qty * l.price}'],
  ['string join (Camunda)', 'string join(for l in lines return l.sku, ", ")'],
  ['get or else (Camunda)', 'get or else(discount, 0) + total'],
  ['uuid() (Camunda)', 'uuid()'],
];

const VARIABLES = {
  orderId: 'A-1001',
  total: 1250,
  lines: Array.from({ length: 5 }, (_, i) => ({ sku: `sku-${i}`, qty: i + 1, price: 9.5 })),
};

/** Measures each case; returns rows of [name, µs per evaluation]. */
export async function measureFeel(root, iterations = 20_000) {
  const runtime = await import(pathToFileURL(join(root, 'libs/runtime/dist/src/index.js')).href);
  // A deterministic stand-in for the host's randomness: the cost measured is FEEL's, not the OS's.
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const vars = new runtime.ScopeChainContext([VARIABLES], random);
  const now = Date.parse('2026-01-01T00:00:00Z');
  const rows = [];
  for (const [name, source] of FEEL_CASES) {
    const first = runtime.evaluateFeel(source, vars, now);
    if (!first.ok) {
      rows.push([name, NaN]);
      continue;
    }
    for (let i = 0; i < 2_000; i++) runtime.evaluateFeel(source, vars, now);
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) runtime.evaluateFeel(source, vars, now);
    rows.push([name, Number(process.hrtime.bigint() - start) / 1000 / iterations]);
  }
  return rows;
}

/** The rows as a table. */
export function renderFeel(rows) {
  const width = Math.max(...rows.map(([name]) => name.length));
  const lines = rows.map(([name, us]) => `  ${name.padEnd(width)}  ${Number.isNaN(us) ? 'fails' : `${us.toFixed(1).padStart(7)} µs`}`);
  return ['FEEL cost per evaluation (mean, one core):', ...lines].join('\n');
}
