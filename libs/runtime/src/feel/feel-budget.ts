/**
 * The iteration budget of one FEEL evaluation. feelin runs synchronously and cannot be
 * interrupted, so everything in it that can loop is charged *before* it loops, against the
 * budget of the evaluation in progress (`OSPREY_FEEL_MAX_ITERATIONS`), and the evaluation stops
 * with {@link FeelBudgetExceeded} — an incident, never a stall — once the budget is spent:
 *
 * - ranges (`for x in 1..100000000`): every range enumeration in feelin goes through
 *   `FeelRange.prototype.map`, which is wrapped to charge the range's size from its bounds;
 * - lists: while an evaluation runs, the array methods feelin builds its loops and list
 *   built-ins from (`map`, `filter`, `some`, `every`, `reduce`, `push`, `concat`, `slice`,
 *   `sort`, …) charge each pass over a list, and each element added to one. So nested loops and
 *   products (`for a in l, b in l`) are charged |l| × |l|, and one over 5,000 elements stops at
 *   the budget instead of building 25 million contexts. The methods are swapped in for the
 *   synchronous evaluation only (nothing else can run meanwhile) and restored after it;
 * - regular expressions charge their input length times their program size (`feel-regex.ts`).
 */
import { FeelRange } from 'feelin';

/** Thrown inside feelin when an evaluation would do more work than its budget. */
export class FeelBudgetExceeded extends Error {
  constructor(readonly limit: number) {
    super(`it would take more than ${limit} iterations (list and range elements, regular-expression steps; OSPREY_FEEL_MAX_ITERATIONS)`);
    this.name = 'FeelBudgetExceeded';
  }
}

/** Iterations left to the evaluation in progress; undefined outside an evaluation. */
let left: number | undefined;
let limitInForce = 0;

/**
 * Charges `units` to the evaluation in progress (nothing outside one).
 * @throws FeelBudgetExceeded when the budget is spent
 */
export function chargeFeelBudget(units: number): void {
  if (left === undefined) return;
  left -= units;
  if (left < 0) throw new FeelBudgetExceeded(limitInForce);
}

type RangeMap = (this: FeelRange, fn: (value: unknown) => unknown) => unknown[];
const proto = FeelRange.prototype as unknown as { map: RangeMap };
const enumerate = proto.map;
proto.map = function budgetedMap(this: FeelRange, fn) {
  chargeFeelBudget(rangeSize(this));
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
 * Array methods that visit or add elements, charged while an evaluation runs: feelin builds
 * every loop (`for`, `some`, `every`, filters, the cartesian product of `for a in l, b in l`)
 * and every list built-in out of them, on arrays it creates itself, so charging the methods is
 * the one place that sees all of them. Outside an evaluation the originals are in place.
 */
const LINEAR = [
  'map', 'filter', 'some', 'every', 'forEach', 'reduce', 'reduceRight', 'find', 'findIndex', 'findLast',
  'findLastIndex', 'flat', 'flatMap', 'includes', 'indexOf', 'lastIndexOf', 'join', 'slice', 'reverse', 'fill', 'splice',
] as const;
type ArrayMethod = (this: unknown[], ...args: unknown[]) => unknown;
const arrayProto = Array.prototype as unknown as Record<string, ArrayMethod>;
const originals = new Map<string, ArrayMethod>();
const charged = new Map<string, ArrayMethod>();
for (const name of LINEAR) {
  const original = arrayProto[name]!;
  originals.set(name, original);
  charged.set(name, function (...args) {
    chargeFeelBudget(this.length);
    return original.apply(this, args);
  });
}
const { push, unshift, concat, sort } = Array.prototype as unknown as Record<string, ArrayMethod>;
for (const [name, original, cost] of [
  ['push', push, (_: unknown[], args: unknown[]) => args.length],
  ['unshift', unshift, (self: unknown[], args: unknown[]) => self.length + args.length],
  ['concat', concat, (self: unknown[], args: unknown[]) => args.reduce<number>((n, a) => n + (Array.isArray(a) ? a.length : 1), self.length)],
  // A comparison sort calls its comparator (a FEEL function, in `sort(list, precedes)`) n·log n times.
  ['sort', sort, (self: unknown[]) => self.length * Math.max(1, Math.ceil(Math.log2(self.length + 1)))],
] as const) {
  originals.set(name, original!);
  charged.set(name, function (...args) {
    chargeFeelBudget(cost(this, args));
    return original!.apply(this, args);
  });
}

function install(methods: Map<string, ArrayMethod>): void {
  for (const [name, fn] of methods) arrayProto[name] = fn;
}

/**
 * Whether FEEL `expression` can loop at all: only loops, quantifiers, filters, lists, ranges and
 * function calls can. Arithmetic, comparisons and paths (`item * 2`, `total > 1000`, `order.id`)
 * cannot, and skip swapping the array methods (about 25 µs per evaluation).
 */
export function mayIterate(expression: string): boolean {
  return /[[(]|\.\.|\b(?:for|some|every)\b/.test(expression);
}

/**
 * Runs `evaluate` with a budget of `limit` iterations; `iterates` false (see {@link mayIterate})
 * leaves the array methods as they are.
 * @throws FeelBudgetExceeded when the evaluation would exceed it
 */
export function withFeelBudget<T>(limit: number, evaluate: () => T, iterates = true): T {
  const outer = left;
  const outerLimit = limitInForce;
  const swap = outer === undefined && iterates;
  left = limit;
  limitInForce = limit;
  if (swap) install(charged);
  try {
    return evaluate();
  } finally {
    if (swap) install(originals);
    left = outer;
    limitInForce = outerLimit;
  }
}
