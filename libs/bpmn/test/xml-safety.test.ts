import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BpmnSecurityError, checkXmlSafety, compileDeployment } from '../src';
import { processXml } from './support/bpmn-documents';

/** `depth` nested elements, each wrapped around `inner`. */
const nested = (depth: number, inner = ''): string => `${'<a>'.repeat(depth)}${inner}${'</a>'.repeat(depth)}`;

async function refusal(xml: string): Promise<BpmnSecurityError> {
  try {
    await compileDeployment(xml);
  } catch (error) {
    assert.ok(error instanceof BpmnSecurityError, `expected a BpmnSecurityError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the document to be refused');
}

describe('refusing hostile XML before it is parsed', () => {
  it('given a DOCTYPE with an external entity, when compiled, then it is refused', async () => {
    // given
    const xml = `<?xml version="1.0"?>
<!DOCTYPE definitions [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <bpmn:process id="p" name="&xxe;" />
</bpmn:definitions>`;
    // when
    const error = await refusal(xml);
    // then
    assert.equal(error.code, 'XML_DOCTYPE_FORBIDDEN');
    assert.match(
      error.message,
      /^Expected a BPMN document without a document type declaration, but it contains <!DOCTYPE$/,
    );
  });

  it('given a billion-laughs entity expansion, when compiled, then it is refused', async () => {
    // given
    const entities = Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`,
    ).join('\n');
    const xml = `<?xml version="1.0"?>\n<!doctype lolz [\n<!ENTITY lol0 "lol">\n${entities}\n]>\n<lolz>&lol9;</lolz>`;
    // when
    const error = await refusal(xml);
    // then (the lower-case doctype is caught too)
    assert.equal(error.code, 'XML_DOCTYPE_FORBIDDEN');
  });

  it('given an entity declaration without a DOCTYPE, when checked, then it is refused', () => {
    assert.throws(
      () => checkXmlSafety('<x><!-- <!entity a "b"> --></x>'),
      (error: unknown) => error instanceof BpmnSecurityError && error.code === 'XML_ENTITY_FORBIDDEN',
    );
  });

  it('given an 11 MB document, when compiled, then it is refused for its size', async () => {
    // given a valid model padded with documentation
    const padding = `<bpmn:documentation>${'x'.repeat(11 * 1024 * 1024)}</bpmn:documentation>`;
    const xml = processXml(`<bpmn:startEvent id="s">${padding}</bpmn:startEvent>`);
    // when
    const error = await refusal(xml);
    // then
    assert.equal(error.code, 'XML_TOO_LARGE');
    assert.match(error.message, /^Expected a BPMN document of at most 10485760 bytes, but it has \d+ bytes$/);
  });

  it('given a size limit option, when a larger document is checked, then it is refused', () => {
    assert.throws(() => checkXmlSafety(Buffer.from('<a></a>'), { maxBytes: 5 }), { code: 'XML_TOO_LARGE' });
    assert.doesNotThrow(() => checkXmlSafety('<a></a>', { maxBytes: 7 }));
  });

  it('given elements nested 500 deep, when compiled, then it is refused for its depth', async () => {
    // given
    const xml = processXml(`<bpmn:subProcess id="s0">${nested(500)}</bpmn:subProcess>`);
    // when
    const error = await refusal(xml);
    // then
    assert.equal(error.code, 'XML_TOO_DEEP');
  });

  it('given nesting of exactly 200, when checked, then it passes; at 201 it is refused', () => {
    assert.doesNotThrow(() => checkXmlSafety(nested(200)));
    assert.throws(() => checkXmlSafety(nested(201)), { code: 'XML_TOO_DEEP' });
  });

  it('given tags inside comments, CDATA, processing instructions and attribute values, when checked, then they do not count as nesting', () => {
    // given 199 real levels, plus look-alike tags that would push past 200 if counted
    const decoys = [
      `<!-- ${'<a>'.repeat(50)} -->`,
      `<![CDATA[ ${'<a>'.repeat(50)} ]]>`,
      `<?pi ${'<a>'.repeat(50)} ?>`,
      `<b title="${'<a>'.repeat(10).replace(/</g, '&lt;')} > still inside" />`,
      `<c attr='>'/>`,
      '<d />'.repeat(100),
    ].join('');
    // when / then
    assert.doesNotThrow(() => checkXmlSafety(`<?xml version="1.0"?>${nested(199, decoys)}`));
  });

  it('given a UTF-16 document with a DOCTYPE, when checked as a buffer, then it is refused', () => {
    const buffer = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<!DOCTYPE x><x/>', 'utf16le')]);
    assert.throws(() => checkXmlSafety(buffer), { code: 'XML_DOCTYPE_FORBIDDEN' });
  });
});
