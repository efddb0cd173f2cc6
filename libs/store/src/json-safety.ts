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
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) {
        // An escape: `\u0000` and `\uD800`–`\uDFFF` matter; any other escaped character is skipped.
        if (text.charCodeAt(i + 1) === 0x75) {
          const code = hex4(text, i + 2);
          if (code === 0) return 'Expected JSON without the character U+0000 (\\u0000) in any string or name, but found it';
          if (code >= 0xd800 && code <= 0xdbff && text.charCodeAt(i + 6) === 0x5c && text.charCodeAt(i + 7) === 0x75 && isLow(hex4(text, i + 8))) {
            i += 11; // a pair of escapes: one character
            continue;
          }
          if (code >= 0xd800 && code <= 0xdfff) return LONE_SURROGATE;
          i += 5;
          continue;
        }
        i++;
      } else if (c === 0x22) inString = false;
      else if (c >= 0xd800 && c <= 0xdfff) {
        // A raw surrogate in the text: fine as half of a pair, refused alone.
        const pair = c <= 0xdbff && isLow(text.charCodeAt(i + 1));
        if (!pair) return LONE_SURROGATE;
        i++;
      }
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return `Expected JSON nested at most ${maxDepth} levels deep, but it is nested deeper`;
    } else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let end = i + 1;
      let exponent = false;
      for (let d = text.charCodeAt(end); end < text.length && isNumberChar(d); d = text.charCodeAt(++end)) exponent ||= (d | 0x20) === 0x65;
      // Only an exponent or hundreds of digits can leave the range of a double.
      if (exponent || end - i > 300) {
        const n = Number(text.slice(i, end));
        if (!Number.isFinite(n)) return `Expected numbers within ±1.7976931348623157e308, but found ${text.slice(i, Math.min(end, i + 40))}`;
      }
      i = end - 1;
    }
  }
  return undefined;
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
