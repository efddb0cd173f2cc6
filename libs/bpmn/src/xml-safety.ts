import { BpmnSecurityError } from './errors';

/** Limits applied by {@link checkXmlSafety}. */
export interface XmlSafetyOptions {
  /**
   * Largest accepted document, in bytes (UTF-8 for strings).
   * @default 10485760 (10 MB)
   */
  readonly maxBytes?: number;
  /**
   * Deepest accepted element nesting; the root element is depth 1.
   * @default 200
   */
  readonly maxDepth?: number;
}

/** 10 MB: a large real diagram (hundreds of elements with DI) is well under 1 MB. */
export const DEFAULT_MAX_XML_BYTES = 10 * 1024 * 1024;
/** BPMN diagrams nest a dozen levels at most; 200 leaves room for deep sub-process trees. */
export const DEFAULT_MAX_XML_DEPTH = 200;

const DOCTYPE = /<!DOCTYPE/i;
const ENTITY = /<!ENTITY/i;

/**
 * Refuses XML that is unsafe to hand to a parser, before any parsing happens. Nothing is ever
 * resolved: the check only reads the text.
 *
 * @throws {BpmnSecurityError} `XML_TOO_LARGE` past `maxBytes`; `XML_DOCTYPE_FORBIDDEN` or
 *   `XML_ENTITY_FORBIDDEN` for any `<!DOCTYPE` / `<!ENTITY` (any case, anywhere: BPMN needs
 *   neither, and they carry entity-expansion and external-entity attacks); `XML_TOO_DEEP` when
 *   elements nest deeper than `maxDepth`.
 */
export function checkXmlSafety(xml: string | Buffer, options: XmlSafetyOptions = {}): void {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_XML_DEPTH;

  const bytes = typeof xml === 'string' ? Buffer.byteLength(xml, 'utf8') : xml.length;
  if (bytes > maxBytes) {
    throw new BpmnSecurityError(
      'XML_TOO_LARGE',
      `Expected a BPMN document of at most ${maxBytes} bytes, but it has ${bytes} bytes`,
    );
  }

  const text = typeof xml === 'string' ? xml : decode(xml);
  if (DOCTYPE.test(text)) {
    throw new BpmnSecurityError(
      'XML_DOCTYPE_FORBIDDEN',
      'Expected a BPMN document without a document type declaration, but it contains <!DOCTYPE',
    );
  }
  if (ENTITY.test(text)) {
    throw new BpmnSecurityError(
      'XML_ENTITY_FORBIDDEN',
      'Expected a BPMN document without entity declarations, but it contains <!ENTITY',
    );
  }

  const depth = maxNestingDepth(text, maxDepth);
  if (depth > maxDepth) {
    throw new BpmnSecurityError(
      'XML_TOO_DEEP',
      `Expected elements nested at most ${maxDepth} levels deep, but they nest deeper`,
    );
  }
}

/** Buffers are UTF-8 unless they open with a UTF-16 byte-order mark. */
function decode(buffer: Buffer): string {
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.toString('utf16le');
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) {
    const swapped = Buffer.from(buffer);
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return buffer.toString('utf8');
}

/**
 * Deepest element nesting in `text`, found by scanning tags only (no DOM). Comments, CDATA
 * sections, processing instructions and declarations are skipped; self-closing tags do not
 * nest; a `>` inside a quoted attribute value does not end a tag. Stops counting once `limit`
 * is exceeded, so a hostile document costs at most one pass. Malformed input is left to the
 * parser: the scan only has to be right for the depth.
 */
function maxNestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let i = text.indexOf('<');
  while (i !== -1 && i < text.length) {
    let end: number;
    if (text.startsWith('<!--', i)) {
      end = closeOf(text, '-->', i + 4);
    } else if (text.startsWith('<![CDATA[', i)) {
      end = closeOf(text, ']]>', i + 9);
    } else if (text.startsWith('<?', i)) {
      end = closeOf(text, '?>', i + 2);
    } else if (text.startsWith('<!', i)) {
      end = closeOf(text, '>', i + 2);
    } else if (text.startsWith('</', i)) {
      end = closeOf(text, '>', i + 2);
      depth = Math.max(0, depth - 1);
    } else {
      end = tagEnd(text, i + 1);
      if (end === -1) break;
      if (text.charCodeAt(end - 1) !== 0x2f /* '/' */) {
        depth += 1;
        if (depth > deepest) {
          deepest = depth;
          if (deepest > limit) return deepest;
        }
      }
      end += 1;
    }
    if (end === -1) break;
    i = text.indexOf('<', end);
  }
  return deepest;
}

/** Index just past `terminator` at or after `from`, or -1 when it never comes. */
function closeOf(text: string, terminator: string, from: number): number {
  const at = text.indexOf(terminator, from);
  return at === -1 ? -1 : at + terminator.length;
}

/** Index of the `>` that ends a start tag, skipping quoted attribute values; -1 if unterminated. */
function tagEnd(text: string, from: number): number {
  let quote = 0;
  for (let j = from; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      quote = c;
    } else if (c === 0x3e /* > */) {
      return j;
    }
  }
  return -1;
}
