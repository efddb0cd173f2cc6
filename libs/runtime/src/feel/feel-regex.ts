/**
 * FEEL's regular-expression built-ins — `matches`, `replace`, `split` and Camunda's `extract` — on RE2 (the `re2js`
 * package) instead of JavaScript's backtracking `RegExp`: RE2 runs in time linear in its input
 * for every pattern, so `matches(s, "^(a+)+$")`, which held the event loop for 14 s on 32
 * characters, answers at once. Each match is charged to the evaluation's iteration budget (input
 * length × program size, see `feel-budget.ts`), so a huge input is refused as an incident too.
 *
 * An invalid pattern — and what RE2 leaves out: backreferences (`\1`) and lookaround — fails
 * the evaluation with {@link FeelRegexError}, an incident that names the pattern, rather than a
 * silent `null`. Flags as in XPath: `i`, `s`, `m`; `x` is refused likewise.
 */
import { RE2JS } from 're2js';
import { chargeFeelBudget } from './feel-budget';

/** A pattern or flags FEEL's regular-expression functions cannot use. */
export class FeelRegexError extends Error {
  constructor(pattern: string, flags: string, reason: string) {
    super(`Expected a regular expression RE2 accepts (no backreferences or lookaround; flags i, s, m), but '${pattern.length > 80 ? `${pattern.slice(0, 80)}…` : pattern}'${flags ? ` with flags '${flags}'` : ''} is not: ${reason}`);
    this.name = 'FeelRegexError';
  }
}

/** Compiled patterns (or why they do not compile) by flags and source; models use a handful, 1,000 is ample. */
const compiled = new Map<string, RE2JS | string>();
const MAX_CACHED = 1_000;
/** Budget units per input character and program instruction: 1 unit ≈ 1 µs, measured at ~0.07 µs per pair. */
const PAIRS_PER_UNIT = 16;

/** @throws FeelRegexError for an invalid pattern or unknown flags */
function compile(pattern: string, flags: string): RE2JS {
  const id = `${flags}/${pattern}`;
  let re = compiled.get(id);
  if (re === undefined) {
    re = 'unknown flags';
    if (/^[ism]*$/.test(flags)) {
      let bits = 0;
      if (flags.includes('i')) bits |= RE2JS.CASE_INSENSITIVE;
      if (flags.includes('s')) bits |= RE2JS.DOTALL;
      if (flags.includes('m')) bits |= RE2JS.MULTILINE;
      try {
        re = RE2JS.compile(pattern, bits);
      } catch (error) {
        re = (error as Error).message;
      }
    }
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(id, re);
  }
  if (typeof re === 'string') throw new FeelRegexError(pattern, flags, re);
  return re;
}

/** Charges a pass of `re` over `input`: RE2's work is linear in input × program size. */
function charge(re: RE2JS, input: string): void {
  // The program size is not part of re2js's typed API; the pattern length stands in without it.
  const program = (re as unknown as { re2Input?: { prog?: { inst?: unknown[] } } }).re2Input?.prog?.inst?.length;
  chargeFeelBudget(Math.ceil(((input.length + 1) * (program ?? 16)) / PAIRS_PER_UNIT));
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** `matches(input, pattern, flags?)`: whether `pattern` occurs in `input`. */
function matches(input: unknown, pattern: unknown, flags: unknown = null): boolean | null {
  if (!isString(input) || !isString(pattern) || (flags !== null && !isString(flags))) return null;
  const re = compile(pattern, flags ?? '');
  charge(re, input);
  return re.matcher(input).find();
}

/** `replace(input, pattern, replacement, flags?)`: every match replaced; `$0`…`$9` refer to groups. */
function replace(input: unknown, pattern: unknown, replacement: unknown, flags: unknown = null): string | null {
  if (!isString(input) || !isString(pattern) || !isString(replacement) || (flags !== null && !isString(flags))) return null;
  const re = compile(pattern, flags ?? '');
  charge(re, input);
  // XPath's `$0` is the whole match; RE2's replacement syntax agrees on `$n`.
  return re.matcher(input).replaceAll(replacement);
}

/** `split(string, delimiter)`: the parts between matches of `delimiter`. */
function split(string: unknown, delimiter: unknown): string[] | null {
  if (!isString(string) || !isString(delimiter)) return null;
  const re = compile(delimiter, '');
  charge(re, string);
  return re.split(string, -1);
}

/**
 * Camunda's `extract(string, pattern)`: every non-overlapping match of `pattern` in `string`, in
 * order (`[]` when none). An empty match moves one character on, so `extract("ab", "x*")` ends.
 */
function extract(string: unknown, pattern: unknown): string[] | null {
  if (!isString(string) || !isString(pattern)) return null;
  const re = compile(pattern, '');
  charge(re, string);
  const found: string[] = [];
  const matcher = re.matcher(string);
  while (matcher.find()) found.push(matcher.group() ?? '');
  return found;
}

/** Named parameters as FEEL calls them (`matches(input: s, pattern: p)`). */
function named<F extends (...args: never[]) => unknown>(fn: F, args: string[]): F {
  return Object.assign(fn, { $args: args });
}

/**
 * The regular-expression built-ins, to put in the evaluation context where they take the place
 * of feelin's own (user variables of the same names still win).
 */
export const REGEX_BUILTINS: Readonly<Record<string, unknown>> = {
  matches: named(matches, ['input', 'pattern', 'flags']),
  replace: named(replace, ['input', 'pattern', 'replacement', 'flags']),
  split: named(split, ['string', 'delimiter']),
  extract: named(extract, ['string', 'pattern']),
};
