/**
 * What valid JSON must still not hold to be stored: the character U+0000 (PostgreSQL keeps it in
 * neither text nor JSONB) and nesting deeper than `maxDepth` (serializing recurses once per
 * level, and JSONB refuses deep values with an error instead of a refusal). One linear scan of
 * the JSON text, so it serves request bodies as received and values as serialized.
 * @returns why the JSON is refused, or `undefined` when it may be stored
 */
export function jsonTextProblem(text: string, maxDepth: number): string | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) {
        // An escape: `\u0000` is the one that matters; any other escaped character is skipped.
        if (text.startsWith('u0000', i + 1)) return 'Expected JSON without the character U+0000 (\\u0000) in any string or name, but found it';
        i++;
      } else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return `Expected JSON nested at most ${maxDepth} levels deep, but it is nested deeper`;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return undefined;
}
