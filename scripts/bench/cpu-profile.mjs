// Summary of a V8 CPU profile (`node --cpu-prof`) of the engine: self time by package and the
// hottest functions, so "where does the engine's CPU go" has an answer without a GUI.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Which part of the code a script URL belongs to. */
function packageOf(url) {
  if (!url) return '(native / VM)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const ours = /\/(libs|apps)\/([^/]+)\//.exec(url);
  if (ours) return `@osprey/${ours[2]}`;
  if (url.startsWith('node:')) return 'node (core)';
  return url;
}

/** Reads the newest `.cpuprofile` in `dir`. */
export function readNewestProfile(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) return null;
  files.sort();
  return JSON.parse(readFileSync(join(dir, files[files.length - 1]), 'utf8'));
}

/** Text summary: share of busy samples by package, then the top functions by self time. */
export function renderCpuProfile(profile, top = 20) {
  const self = new Map(); // node id → sample count
  for (const id of profile.samples) self.set(id, (self.get(id) ?? 0) + 1);
  const byPackage = new Map();
  const byFunction = new Map();
  let busy = 0;
  for (const node of profile.nodes) {
    const hits = self.get(node.id) ?? 0;
    if (hits === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    busy += hits;
    const pkg = functionName === '(garbage collector)' ? '(garbage collector)' : packageOf(url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hits);
    const fn = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*?(node_modules|libs|apps)\//, '$1/')}:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
  }
  const share = (n) => `${((n / busy) * 100).toFixed(1).padStart(5)} %`;
  const lines = ['Engine CPU by package (self time, share of busy samples):'];
  for (const [pkg, n] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15))
    lines.push(`  ${share(n)}  ${pkg}`);
  lines.push(`Hottest functions (self time):`);
  for (const [fn, n] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${share(n)}  ${fn}`);
  return lines.join('\n');
}
