/**
 * The iteration budget of one FEEL evaluation. feelin runs synchronously and cannot be
 * interrupted, and `for x in 1..100000000 return x` would allocate a hundred million elements
 * before anything else could run. Every range enumeration in feelin goes through
 * `FeelRange.prototype.map` (for, some, every over `a..b`), so that one method is wrapped: it
 * charges the range's size to the budget of the evaluation in progress *before* enumerating,
 * and throws {@link FeelBudgetExceeded} when the size does not fit. Nested loops charge the
 * inner range once per outer element, so the budget bounds the whole product.
 */
import { FeelRange } from 'feelin';

/** Thrown inside feelin when an evaluation would enumerate more than its budget. */
export class FeelBudgetExceeded extends Error {
  constructor(readonly limit: number) {
    super(`it would enumerate more than ${limit} range elements`);
    this.name = 'FeelBudgetExceeded';
  }
}

/** Elements left to the evaluation in progress; undefined outside an evaluation. */
let left: number | undefined;
let limitInForce = 0;

type RangeMap = (this: FeelRange, fn: (value: unknown) => unknown) => unknown[];
const proto = FeelRange.prototype as unknown as { map: RangeMap };
const enumerate = proto.map;
proto.map = function budgetedMap(this: FeelRange, fn) {
  if (left !== undefined) {
    left -= rangeSize(this);
    if (left < 0) throw new FeelBudgetExceeded(limitInForce);
  }
  return enumerate.call(this, fn);
};

/** How many elements enumerating `range` yields, from its bounds (no enumeration). */
function rangeSize(range: FeelRange): number {
  const { start, end } = range as unknown as { start: unknown; end: unknown };
  if (typeof start === 'number' && typeof end === 'number') {
    // feelin steps by one from start towards end; a non-finite bound never ends.
    return Number.isFinite(start) && Number.isFinite(end) ? Math.floor(Math.abs(end - start)) + 1 : Infinity;
  }
  return 52; // character ranges: a-z, A-Z at most
}

/**
 * Runs `evaluate` with a budget of `limit` range elements.
 * @throws FeelBudgetExceeded when the evaluation would exceed it
 */
export function withFeelBudget<T>(limit: number, evaluate: () => T): T {
  const outer = left;
  const outerLimit = limitInForce;
  left = limit;
  limitInForce = limit;
  try {
    return evaluate();
  } finally {
    left = outer;
    limitInForce = outerLimit;
  }
}
