// `npm run bench -- --decisions`: CPU per evaluation of a 50-rule, 5-input decision table, in
// process (no database, no HTTP): the cost a business-rule task adds to its command. Target:
// at most 50 µs of CPU per evaluation. See docs/benchmarks.md, "Decisions".
import os from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';

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
  return perEvaluation <= TARGET_US ? 0 : 1;
}
