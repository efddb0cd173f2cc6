// The chaos run's results: a table on the terminal and, with --report, the results section of
// docs/reliability.md (between its markers, so the rest of the page stays as written).
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { INVARIANTS } from './invariants.mjs';

const START = '<!-- chaos-results:start -->';
const END = '<!-- chaos-results:end -->';

const counts = (c = {}) =>
  Object.entries(c)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

const cell = (inv) => (!inv ? '—' : inv.ok ? `✓ ${inv.checked}` : `✗ ${inv.detail ?? ''}`.slice(0, 160).replace(/\|/g, '/'));

/** One line per test for the terminal. */
export function renderLine(r) {
  const failed = r.checks.filter((c) => !c.ok).map((c) => `${c.name} (${c.detail})`);
  const inv = INVARIANTS.filter((i) => r.invariants?.[i] && !r.invariants[i].ok).map((i) => `${i}: ${r.invariants[i].detail}`);
  const problems = [...(r.error ? [r.error] : []), ...failed, ...inv];
  return `${r.passed ? 'PASS' : 'FAIL'} ${r.name} (${(r.ms / 1000).toFixed(1)} s) ${counts(r.counts)}${problems.length ? `\n     ${problems.join('\n     ')}` : ''}`;
}

/** The Markdown results section. */
export function renderMarkdown(results, { short, startedAt, seconds }) {
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
  const rows = results.map(
    (r) =>
      `| ${r.passed ? '✓' : '✗'} | \`${r.name}\` | ${(r.ms / 1000).toFixed(0)} s | ${counts(r.counts).replace(/\|/g, '/')} | ${r.checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.name}${c.ok ? '' : ` (${String(c.detail).slice(0, 120)})`}`).join('; ').replace(/\|/g, '/')}${r.error ? ` ✗ ${r.error.replace(/\|/g, '/').slice(0, 200)}` : ''} | ${INVARIANTS.map((i) => cell(r.invariants?.[i])).join(' | ')} |`,
  );
  const passed = results.filter((r) => r.passed).length;
  return [
    START,
    `Last run: ${startedAt} (${short ? 'short form' : 'full run'}), ${seconds.toFixed(0)} s, ${passed} of ${results.length} passed,`,
    `on ${os.cpus().length} cores with load average ${load} (1 / 5 / 15 min) at the end.`,
    'An invariant cell holds ✓ and how many rows or acknowledgements it checked, or ✗ and what it found.',
    '',
    `| | Test | Time | Counts | Own checks | ${INVARIANTS.join(' | ')} |`,
    `|---|---|---|---|---|${INVARIANTS.map(() => '---').join('|')}|`,
    ...rows,
    END,
  ].join('\n');
}

/** Replaces the results section of `file` (appends it when the markers are missing). */
export function writeResults(file, markdown) {
  const text = readFileSync(file, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  const next = from >= 0 && to > from ? text.slice(0, from) + markdown + text.slice(to + END.length) : `${text.trimEnd()}\n\n${markdown}\n`;
  writeFileSync(file, next);
}
