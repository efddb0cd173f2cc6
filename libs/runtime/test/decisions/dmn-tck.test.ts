import assert from 'node:assert/strict';
import { describe, it, after } from 'node:test';
import { compileDmn, evaluateDecision } from '@osprey/dmn';
import { decisionFeel } from '../../src';
import { dmnFile, tableDecision } from './dmn-table';
import { TCK_CASES } from './tck-cases';

const feel = decisionFeel(Date.parse('2026-05-01T12:00:00Z'));
let passed = 0;
let total = 0;

describe('DMN TCK decision tables (compliance level 2, cases that fit Camunda FEEL)', () => {
  for (const tck of TCK_CASES) {
    describe(tck.name, () => {
      tck.cases.forEach((c, i) => {
        it(`case ${String(i + 1).padStart(3, '0')}: ${JSON.stringify(c.vars)}`, async () => {
          total++;
          const drg = await compileDmn(dmnFile(`tck_${tck.table.id}`, tableDecision(tck.table)));
          const result = evaluateDecision(drg, tck.table.id, c.vars, feel);
          assert.ok(result.ok, result.ok ? '' : result.failureMessage);
          assert.deepEqual(result.output, c.expected);
          passed++;
        });
      });
    });
  }
  after(() => console.log(`DMN TCK decision-table cases: ${passed} of ${total} passed`));
});
