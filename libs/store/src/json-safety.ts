/**
 * What valid JSON must still not hold to be stored:
 * - the character U+0000 (PostgreSQL keeps it in neither text nor JSONB);
 * - a lone UTF-16 surrogate (`\ud800` without its pair): JavaScript strings may hold one, but it
 *   is no Unicode character, and JSONB refuses it with an error instead of a refusal;
 * - a number beyond the range of a double (`1e400`): `JSON.parse` turns it into `Infinity`,
 *   which would be stored as `null` — a silent change of the value;
 * - nesting deeper than `maxDepth` (serializing recurses once per level, and JSONB refuses deep
 *   values with an error instead of a refusal).
 *
 * One linear scan of the JSON text, so it serves request bodies as received and values as
 * serialized.
 * @returns why the JSON is refused, or `undefined` when it may be stored
 */
export function jsonTextProblem(text: string, maxDepth: number): string | undefined {
  return scan(text, maxDepth, Infinity)?.message;
}

/** Why a request body is refused before it is parsed, with the HTTP status to refuse it with. */
export interface BodyProblem {
  readonly status: 400 | 413;
  readonly message: string;
}

/**
 * Checks a JSON request body as received, before `JSON.parse` sees it: what
 * {@link jsonTextProblem} refuses (400), and a top-level `variables` object with more than
 * `maxVariables` members (413, `OSPREY_MAX_VARIABLES_PER_COMMAND`). The scan stops at the first
 * member too many, so 100,000 variables in a 1.6 MB body are refused after reading 1,001 of
 * them, in microseconds — parsing that body would hold the event loop for 20–60 ms first.
 * @returns why the body is refused, or `undefined` when it may be parsed
 */
export function jsonBodyProblem(text: string, maxDepth: number, maxVariables: number): BodyProblem | undefined {
  return scan(text, maxDepth, maxVariables);
}

/** {@link jsonBodyProblem}, one pass over the text; `maxVariables` Infinity counts nothing. */
function scan(text: string, maxDepth: number, maxVariables: number): BodyProblem | undefined {
  let depth = 0;
  let inString = false;
  // Counting the members of the root object's `variables`: where the last string at depth 1
  // began, whether the value just announced by `:` belongs to `"variables"`, and the commas seen
  // directly inside that object (members = commas + 1).
  let stringStart = -1;
  let variablesNext = false;
  let inVariables = false;
  let commas = 0;
  const rootIsObject = text.trimStart().startsWith('{');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) {
        // An escape: `\u0000` and `\uD800`–`\uDFFF` matter; any other escaped character is skipped.
        if (text.charCodeAt(i + 1) === 0x75) {
          const code = hex4(text, i + 2);
          if (code === 0) return refused('Expected JSON without the character U+0000 (\\u0000) in any string or name, but found it');
          if (code >= 0xd800 && code <= 0xdbff && text.charCodeAt(i + 6) === 0x5c && text.charCodeAt(i + 7) === 0x75 && isLow(hex4(text, i + 8))) {
            i += 11; // a pair of escapes: one character
            continue;
          }
          if (code >= 0xd800 && code <= 0xdfff) return refused(LONE_SURROGATE);
          i += 5;
          continue;
        }
        i++;
      } else if (c === 0x22) {
        inString = false;
        if (stringStart >= 0) variablesNext = i - stringStart === 10 && text.startsWith('variables', stringStart + 1);
        stringStart = -1;
      } else if (c >= 0xd800 && c <= 0xdfff) {
        // A raw surrogate in the text: fine as half of a pair, refused alone.
        const pair = c <= 0xdbff && isLow(text.charCodeAt(i + 1));
        if (!pair) return refused(LONE_SURROGATE);
        i++;
      }
    } else if (c === 0x22) {
      inString = true;
      // A name or value in the root object. Only a name can be followed by `{` (after its `:`);
      // a value is followed by `,` and another name first, which resets variablesNext.
      stringStart = depth === 1 && rootIsObject ? i : -1;
      variablesNext = false;
    } else if (c === 0x2c) {
      if (inVariables && depth === 2 && ++commas >= maxVariables) {
        return { status: 413, message: `Expected at most ${maxVariables} variables in one request (OSPREY_MAX_VARIABLES_PER_COMMAND), but variables holds more than ${maxVariables}` };
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return refused(`Expected JSON nested at most ${maxDepth} levels deep, but it is nested deeper`);
      if (c === 0x7b && depth === 2 && variablesNext) inVariables = true;
      variablesNext = false;
    } else if (c === 0x5d || c === 0x7d) {
      if (depth === 2) inVariables = false;
      depth--;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let end = i + 1;
      let exponent = false;
      for (let d = text.charCodeAt(end); end < text.length && isNumberChar(d); d = text.charCodeAt(++end)) exponent ||= (d | 0x20) === 0x65;
      // Only an exponent or hundreds of digits can leave the range of a double.
      if (exponent || end - i > 300) {
        const n = Number(text.slice(i, end));
        if (!Number.isFinite(n)) return refused(`Expected numbers within ±1.7976931348623157e308, but found ${text.slice(i, Math.min(end, i + 40))}`);
      }
      i = end - 1;
    }
  }
  return undefined;
}

function refused(message: string): BodyProblem {
  return { status: 400, message };
}

const LONE_SURROGATE = 'Expected well-formed Unicode text, but found a lone surrogate (such as \\ud800) in a string or name';

/** The code unit of the four hex digits at `at` (NaN when they are not hex). */
function hex4(text: string, at: number): number {
  return parseInt(text.slice(at, at + 4), 16);
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function isNumberChar(c: number): boolean {
  // digits, '.', 'e', 'E', '+', '-'
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;
}
