/**
 * What a parsed JSON body must not hold, though it is valid JSON: text the database cannot store,
 * and nesting deeper than the engine walks safely (serializing a value recurses once per level,
 * and PostgreSQL's JSONB refuses deep values with an error instead of a refusal).
 * @returns why the body is refused, or `undefined` when it is fine
 */
export function jsonBodyProblem(text: string, parsed: unknown, maxDepth: number): string | undefined {
  const depth = nestingDepth(text, maxDepth);
  if (depth > maxDepth) return `Expected JSON nested at most ${maxDepth} levels deep, but it is nested deeper`;
  // PostgreSQL stores neither text nor JSONB holding U+0000.
  if (text.includes('\\u0000') && containsNul(parsed)) {
    return 'Expected JSON without the character U+0000 (\\u0000) in any string or name, but found it';
  }
  return undefined;
}

/** The deepest nesting of arrays and objects in JSON `text`, counted up to `max + 1`. */
function nestingDepth(text: string, max: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      deepest = Math.max(deepest, ++depth);
      if (deepest > max) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** Whether any string or property name in a parsed JSON value holds U+0000. */
function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([k, v]) => k.includes('\0') || containsNul(v));
  }
  return false;
}
