/**
 * A small seeded pseudo-random generator (mulberry32): the same seed gives the same sequence on
 * every machine, so a property test that fails replays from the seed it prints.
 */
export class Prng {
  private state: number;

  /** @param seed any 32-bit integer; the sequence depends on nothing else */
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** The next number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. @throws when the list is empty */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Expected a non-empty list to pick from, but it was empty');
    return items[this.int(items.length)]!;
  }
}

/**
 * A property test's seed and case budget from the environment: `OSPREY_PROPERTY_SEED` (default
 * `defaultSeed`, so CI is deterministic) and `OSPREY_PROPERTY_CASES` (default `defaultCases`).
 * Case `i` of a run uses seed `seed + i`, so a failing case replays alone with its own seed and
 * a budget of 1.
 * @throws when either variable is set but is not a positive integer
 */
export function propertyBudget(defaultSeed: number, defaultCases: number): { seed: number; cases: number } {
  return {
    seed: positiveInt('OSPREY_PROPERTY_SEED', defaultSeed),
    cases: positiveInt('OSPREY_PROPERTY_CASES', defaultCases),
  };
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`Expected ${name} to be a positive integer, but it is '${raw}'`);
  return n;
}
