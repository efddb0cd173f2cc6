import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileDmn, DmnSecurityError, DmnValidationError, type DecisionTableLogic } from '../src';

const MODEL_13 = 'https://www.omg.org/spec/DMN/20191111/MODEL/';

function file(body: string, namespace = MODEL_13): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="${namespace}" xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="dishes" name="Dishes" namespace="http://camunda.org/schema/1.0/dmn">
${body}
</definitions>`;
}

const SEASON = `<decision id="season" name="Season">
  <extensionElements><zeebe:versionTag value="2026.1" /></extensionElements>
  <decisionTable id="seasonTable" hitPolicy="FIRST">
    <input id="month" label="Month"><inputExpression id="monthExpr" typeRef="number"><text>month</text></inputExpression></input>
    <output id="seasonOut" name="season" typeRef="string" />
    <rule id="winter"><inputEntry id="w1"><text>12, [1..2]</text></inputEntry><outputEntry id="w2"><text>"winter"</text></outputEntry></rule>
    <rule id="other"><inputEntry id="o1"><text>-</text></inputEntry><outputEntry id="o2"><text>"other"</text></outputEntry></rule>
  </decisionTable>
</decision>`;
const DISH = `<decision id="dish" name="Dish">
  <informationRequirement id="needsSeason"><requiredDecision href="#season" /></informationRequirement>
  <variable id="dishVar" name="dish" typeRef="string" />
  <literalExpression id="dishExpr"><text>if season = "winter" then "stew" else "salad"</text></literalExpression>
</decision>`;

async function problemsOf(xml: string): Promise<string[]> {
  try {
    await compileDmn(xml);
  } catch (error) {
    if (error instanceof DmnValidationError) return error.problems.map((p) => `${p.elementId ?? '-'}: ${p.message}`);
    throw error;
  }
  assert.fail('expected the file to be refused');
}

describe('compileDmn', () => {
  it('compiles a Camunda Modeler file: decisions in order, version tag, requirements, compiled cells', async () => {
    const drg = await compileDmn(file(`${SEASON}\n${DISH}`));
    assert.equal(drg.id, 'dishes');
    assert.deepEqual([...drg.decisions.keys()], ['season', 'dish']);
    assert.equal(drg.decisions.get('season')!.versionTag, '2026.1');
    assert.deepEqual(drg.decisions.get('dish')!.requiredDecisions, ['season']);
    const table = drg.decisions.get('season')!.logic as DecisionTableLogic;
    assert.equal(table.hitPolicy, 'FIRST');
    // Unary tests are compiled once here: the winter cell answers without any FEEL evaluator.
    const winter = table.rules[0].inputEntries[0];
    assert.deepEqual([12, 1, 2, 3, null].map((m) => winter.test!(m)), [true, true, true, false, false]);
  });

  it('reads the DMN 1.4 and 1.5 namespaces Camunda Modeler writes', async () => {
    for (const ns of ['https://www.omg.org/spec/DMN/20211108/MODEL/', 'https://www.omg.org/spec/DMN/20230324/MODEL/']) {
      const drg = await compileDmn(file(SEASON, ns));
      assert.deepEqual([...drg.decisions.keys()], ['season'], ns);
    }
  });

  it('lists every problem of the file at once', async () => {
    const broken = `<decision id="a" name="A">
  <informationRequirement id="r1"><requiredDecision href="#nowhere" /></informationRequirement>
  <decisionTable id="ta" hitPolicy="UNIQUE" aggregation="SUM">
    <input id="in1"><inputExpression id="e1"><text>x +</text></inputExpression></input>
    <output id="out1" name="o1" /><output id="out2" />
    <rule id="ra"><inputEntry id="ra1"><text>[1..</text></inputEntry><outputEntry id="ra2"><text>"a" +</text></outputEntry></rule>
  </decisionTable>
</decision>
<decision id="b" name="B">
  <decisionTable id="tb" hitPolicy="PRIORITY">
    <input id="in2"><inputExpression id="e2"><text>y</text></inputExpression></input>
    <output id="out3" />
    <rule id="rb"><inputEntry id="rb1"><text>1</text></inputEntry><outputEntry id="rb2"><text>1</text></outputEntry></rule>
  </decisionTable>
</decision>
<decision id="c" name="C"><literalExpression id="lc"><text>1 +* 2</text></literalExpression></decision>
<decision id="b" name="B again"><literalExpression id="lb"><text>1</text></literalExpression></decision>`;
    const problems = await problemsOf(file(broken));
    const expectations = [
      /^b: Expected every id to be unique/,
      /^a: Expected an aggregation only with the hit policy COLLECT, but decision 'a' has SUM with UNIQUE/,
      /^in1: Expected a valid FEEL input expression/,
      /^out2: Expected every output of decision 'a' to have a name/,
      /^a: Expected an aggregation only on a table with one output/,
      /^ra: Expected valid FEEL unary tests in the input entry 1 of rule 'ra'/,
      /^ra: Expected a valid FEEL expression in output entry 1 of rule 'ra'/,
      /^b: Expected output values on the outputs of decision 'b', which the hit policy PRIORITY orders by/,
      /^c: Expected a valid FEEL literal expression in decision 'c'/,
      /^a: Expected required decision 'nowhere' of decision 'a' to exist in the file/,
    ];
    for (const expected of expectations) assert.ok(problems.some((p) => expected.test(p)), `${expected} not in\n${problems.join('\n')}`);
  });

  it('refuses a cycle of required decisions', async () => {
    const cycle = ['x', 'y'].map((id, i) => `<decision id="${id}" name="${id}"><informationRequirement id="r${id}"><requiredDecision href="#${i ? 'x' : 'y'}" /></informationRequirement><literalExpression id="l${id}"><text>1</text></literalExpression></decision>`);
    const problems = await problemsOf(file(cycle.join('')));
    assert.ok(problems.some((p) => /cycle 'x' → 'y' → 'x'/.test(p)), problems.join('\n'));
  });

  it('refuses a decision that is neither a table nor a literal expression, and a file with no decision', async () => {
    assert.match((await problemsOf(file('<decision id="ctx" name="Ctx"><context id="c1" /></decision>'))).join('\n'), /ctx: Expected decision 'ctx' to be a decision table or a literal expression, but it is a Context/);
    assert.match((await problemsOf(file('<inputData id="in" name="In" />'))).join('\n'), /Expected at least one decision/);
  });

  it('refuses XML that is not well-formed, and a BPMN file', async () => {
    assert.match((await problemsOf('<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/"><decision')).join('\n'), /Expected well-formed DMN/);
    const bpmn = '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"><bpmn:process id="p" /></bpmn:definitions>';
    assert.equal((await problemsOf(bpmn)).length, 1);
  });

  it('refuses a DOCTYPE and entity declarations before parsing, as for BPMN', async () => {
    const hostile = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>${file(SEASON).replace(/^<\?xml[^>]*>/, '')}`;
    await assert.rejects(compileDmn(hostile), (e: unknown) => e instanceof DmnSecurityError && e.code === 'XML_DOCTYPE_FORBIDDEN' && /DMN document/.test(e.message));
  });
});
