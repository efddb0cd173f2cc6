// `npm run bench -- --decisions`: CPU per evaluation of a 50-rule, 5-input decision table, in
// process (no database, no HTTP): the cost a business-rule task adds to its command. Target:
// at most 50 µs of CPU per evaluation. Then the start path: the engine's CPU per start of a
// process whose business-rule task evaluates that table, against one whose script task
// evaluates a FEEL expression (target: at most 1.3×), on a fresh database of DATABASE_URL.
// See docs/benchmarks.md, "Decisions".
import os from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createBenchDatabase, dropBenchDatabase, serverUrl, withDatabase } from './database.mjs';

const START_TARGET = 1.3;

/** start → one task → end; `task` is the task element. */
function oneTaskProcess(id, task) {
  return `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d_${id}" targetNamespace="bench">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    ${task}
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
}

const RULES = 50;
const TARGET_US = 50;

/** A UNIQUE table: every rule is tested on every evaluation (no early stop), 5 inputs of mixed cell shapes. */
function tableXml() {
  const inputs = [
    ['age', 'number'],
    ['income', 'number'],
    ['tier', 'string'],
    ['country', 'string'],
    ['score', 'number'],
  ]
    .map(([name, type], i) => `<input id="in${i}" label="${name}"><inputExpression id="ie${i}" typeRef="${type}"><text>applicant.${name}</text></inputExpression></input>`)
    .join('');
  const tiers = ['"gold"', '"silver"', '"bronze"', '"gold","silver"', '-'];
  const countries = ['"DE","AT","CH"', 'not("US")', '"FR"', '-', '"NL","BE"'];
  const rules = [];
  for (let r = 0; r < RULES; r++) {
    const cells = [
      `[${r * 2}..${r * 2 + 2}[`,
      r % 3 === 0 ? '&gt;= 1000' : r % 3 === 1 ? '&lt; 50000' : '-',
      tiers[r % tiers.length],
      countries[r % countries.length],
      r % 2 === 0 ? ']0..100]' : '&gt; 10',
    ];
    const entries = cells.map((c, i) => `<inputEntry id="r${r}i${i}"><text>${c}</text></inputEntry>`).join('');
    rules.push(`<rule id="rule${r}">${entries}<outputEntry id="r${r}o0"><text>${r}</text></outputEntry><outputEntry id="r${r}o1"><text>"rule ${r}"</text></outputEntry></rule>`);
  }
  return `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="bench" name="Bench" namespace="bench">
<decision id="risk" name="Risk"><decisionTable id="t" hitPolicy="UNIQUE">${inputs}<output id="o0" name="points" typeRef="number"/><output id="o1" name="reason" typeRef="string"/>${rules.join('')}</decisionTable></decision></definitions>`;
}

/** Runs the benchmark; returns the exit status (0: target met, 1: missed). */
export async function runDecisionBench(root) {
  const require = createRequire(join(root, 'package.json'));
  const { compileDmn, evaluateDecision } = require('./libs/dmn/dist/src/index.js');
  const { decisionFeel } = require('./libs/runtime/dist/src/index.js');
  const seconds = Number(process.env.BENCH_SECONDS || 3);
  const drg = await compileDmn(tableXml());
  const feel = decisionFeel(Date.now());
  const applicants = Array.from({ length: 100 }, (_, i) => ({
    applicant: { age: i % 100, income: 500 + i * 700, tier: ['gold', 'silver', 'bronze'][i % 3], country: ['DE', 'US', 'FR', 'NL'][i % 4], score: i % 120 },
  }));
  let matched = 0;
  const run = (n) => {
    for (let i = 0; i < n; i++) {
      const r = evaluateDecision(drg, 'risk', applicants[i % applicants.length], feel);
      if (r.ok && r.output !== null) matched++;
    }
  };
  run(20_000); // warm-up: let V8 optimise the evaluator
  let evaluations = 0;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  while (performance.now() - wall0 < seconds * 1000) {
    run(1000);
    evaluations += 1000;
  }
  const cpu = process.cpuUsage(cpu0);
  const perEvaluation = (cpu.user + cpu.system) / evaluations;
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  const verdict = perEvaluation <= TARGET_US ? 'met' : 'MISSED';
  process.stdout.write(
    [
      `Decision table: ${RULES} rules, 5 inputs, hit policy UNIQUE (every rule tested), runtime FEEL`,
      `  evaluations         ${evaluations}`,
      `  CPU per evaluation  ${perEvaluation.toFixed(2)} µs   (target ≤ ${TARGET_US} µs: ${verdict})`,
      `  with a match        ${((matched / (evaluations + 20_000)) * 100).toFixed(0)} %`,
      `  load average        ${load} (${os.cpus().length} cores)`,
      '',
    ].join('\n'),
  );
  const startRatio = await startPath(root, require, applicants);
  return perEvaluation <= TARGET_US && startRatio <= START_TARGET ? 0 : 1;
}

/** Engine CPU per start: business-rule task against script task; returns the ratio. */
async function startPath(root, require, applicants) {
  const { OspreyEngine } = require('./libs/store/dist/src/index.js');
  const url = serverUrl(root);
  const name = await createBenchDatabase(url);
  const engine = await OspreyEngine.open({ kind: 'server', url: withDatabase(url, name), poolSize: 4 });
  try {
    const io = '<bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>';
    await engine.deployments.deploy([
      { name: 'bench.dmn', content: Buffer.from(tableXml()) },
      { name: 'rule.bpmn', content: Buffer.from(oneTaskProcess('bench-rule', `<bpmn:businessRuleTask id="task"><bpmn:extensionElements><zeebe:calledDecision decisionId="risk" resultVariable="risk" /></bpmn:extensionElements>${io}</bpmn:businessRuleTask>`)) },
      { name: 'script.bpmn', content: Buffer.from(oneTaskProcess('bench-script', `<bpmn:scriptTask id="task"><bpmn:extensionElements><zeebe:script expression="=applicant.age * 2" resultVariable="risk" /></bpmn:extensionElements>${io}</bpmn:scriptTask>`)) },
    ]);
    const cpuPerStart = async (processDefinitionId, n) => {
      const cpu0 = process.cpuUsage();
      const wall0 = performance.now();
      for (let i = 0; i < n; i++) await engine.instances.start({ definition: { processDefinitionId }, variables: applicants[i % applicants.length] });
      const cpu = process.cpuUsage(cpu0);
      return { cpu: (cpu.user + cpu.system) / n, wall: ((performance.now() - wall0) * 1000) / n };
    };
    await cpuPerStart('bench-rule', 200);
    await cpuPerStart('bench-script', 200);
    const rule = { cpu: 0, wall: 0 };
    const script = { cpu: 0, wall: 0 };
    const rounds = 5;
    for (let r = 0; r < rounds; r++) {
      for (const [id, sum] of [['bench-rule', rule], ['bench-script', script]]) {
        const m = await cpuPerStart(id, 200);
        sum.cpu += m.cpu / rounds;
        sum.wall += m.wall / rounds;
      }
    }
    const ratio = rule.cpu / script.cpu;
    process.stdout.write(
      [
        'Start path (engine process CPU per start; PostgreSQL not counted), 1,000 starts each, interleaved',
        `  script task         ${(script.cpu / 1000).toFixed(2)} ms CPU   ${(script.wall / 1000).toFixed(2)} ms wall`,
        `  business-rule task  ${(rule.cpu / 1000).toFixed(2)} ms CPU   ${(rule.wall / 1000).toFixed(2)} ms wall`,
        `  ratio               ${ratio.toFixed(2)}×   (target ≤ ${START_TARGET}×: ${ratio <= START_TARGET ? 'met' : 'MISSED'})`,
        `  load average        ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
        '',
      ].join('\n'),
    );
    return ratio;
  } finally {
    await engine.close();
    await dropBenchDatabase(url, name);
  }
}
