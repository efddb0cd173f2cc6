/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: every
 * line must be a comment, a HELP/TYPE line or a well-formed sample of a declared family.
 */

/** One sample line. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A metric family: its `# TYPE`, `# HELP` and samples. */
export interface Family {
  readonly name: string;
  type: string;
  help: string;
  readonly samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+-?\d+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;
const SUFFIXES: Record<string, readonly string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['_sum', '_count', ''],
  counter: ['', '_total'],
  gauge: [''],
  untyped: [''],
};

/**
 * Parses an exposition into families by name.
 * @throws Error naming the first line that does not follow the format
 */
export function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const family = (name: string) => {
    if (!NAME.test(name)) throw new Error(`Expected a metric name, but found '${name}'`);
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, type: 'untyped', help: '', samples: [] }));
    return f;
  };
  text.split('\n').forEach((line, i) => {
    const where = `line ${i + 1} ('${line.slice(0, 120)}')`;
    if (line.trim() === '') return;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const f = family(meta[2]!);
      if (meta[1] === 'HELP') f.help = meta[3]!;
      else if (!(meta[3]! in SUFFIXES)) throw new Error(`Expected a metric type at ${where}`);
      else f.type = meta[3]!;
      return;
    }
    if (line.startsWith('#')) return;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`Expected a sample at ${where}`);
    const [, name, , labelText, rawValue] = m;
    const value = parseValue(rawValue!);
    if (value === undefined) throw new Error(`Expected a number at ${where}`);
    const owner = [...families.values()].find((f) => SUFFIXES[f.type]!.some((s) => `${f.name}${s}` === name));
    if (!owner) throw new Error(`Expected a # TYPE line before the sample at ${where}`);
    owner.samples.push({ name: name!, labels: parseLabels(labelText ?? '', where), value });
  });
  for (const f of families.values()) if (f.type === 'histogram') checkHistogram(f);
  return families;
}

/** A sample value as Prometheus reads it (Go's ParseFloat: NaN and Inf in any case; prom-client writes `Nan`). */
function parseValue(raw: string): number | undefined {
  if (/^nan$/i.test(raw)) return NaN;
  if (/^[+-]?inf$/i.test(raw)) return raw.startsWith('-') ? -Infinity : Infinity;
  const n = Number(raw);
  return Number.isNaN(n) ? undefined : n;
}

function parseLabels(text: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const m = LABEL.exec(text);
    if (!m) throw new Error(`Expected name="value" labels at ${where}`);
    labels[m[1]!] = m[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
  }
  return labels;
}

/** Buckets never decrease and the `+Inf` bucket equals `_count`, for every label set. */
function checkHistogram(f: Family): void {
  const series = new Map<string, Sample[]>();
  for (const s of f.samples.filter((x) => x.name.endsWith('_bucket'))) {
    const { le: _le, ...rest } = s.labels;
    const key = JSON.stringify(rest);
    series.set(key, [...(series.get(key) ?? []), s]);
  }
  for (const [key, buckets] of series) {
    for (let i = 1; i < buckets.length; i++) {
      if (buckets[i]!.value < buckets[i - 1]!.value) throw new Error(`Expected ${f.name} buckets to grow for ${key}`);
    }
    const inf = buckets.find((b) => b.labels.le === '+Inf');
    const count = f.samples.find((s) => s.name === `${f.name}_count` && JSON.stringify(s.labels) === key);
    if (!inf || !count || inf.value !== count.value) throw new Error(`Expected ${f.name} +Inf bucket to equal _count for ${key}`);
  }
}

/** The sum of the samples named `name` whose labels include `labels`. */
export function valueOf(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const f of families.values()) {
    for (const s of f.samples) {
      if (s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)) total += s.value;
    }
  }
  return total;
}
