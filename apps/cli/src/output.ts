/** Where a command writes: stdout for results, stderr for messages; `json` = machine-readable results. */
export interface Output {
  readonly json: boolean;
  /** Writes one line (or block) to stdout. */
  line(text: string): void;
  /** Writes a message to stderr. */
  note(text: string): void;
}

/** An {@link Output} over the process's streams. */
export function processOutput(json: boolean): Output {
  return {
    json,
    line: (text) => void process.stdout.write(`${text}\n`),
    note: (text) => void process.stderr.write(`${text}\n`),
  };
}

/** A column of a table: its heading and how to read a row's cell. */
export interface Column<T> {
  readonly heading: string;
  readonly cell: (row: T) => unknown;
}

/**
 * A plain-text table for people: headings in capitals, columns padded to their widest cell,
 * two spaces between columns, `-` for missing values.
 */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => text(c.cell(row))));
  const widths = columns.map((c, i) => Math.max(c.heading.length, ...cells.map((r) => r[i]!.length)));
  const render = (values: string[]) => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [render(columns.map((c) => c.heading.toUpperCase())), ...cells.map(render)].join('\n');
}

/** `key: value` lines, the keys aligned. */
export function details(entries: readonly [string, unknown][]): string {
  const width = Math.max(...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${text(v)}`).join('\n');
}

/** Prints `data` as JSON with `--json`, else what `human` renders. */
export function emit<T>(out: Output, data: T, human: (data: T) => string): void {
  out.line(out.json ? JSON.stringify(data, null, 2) : human(data));
}

function text(value: unknown): string {
  if (value === undefined || value === null || value === '') return '-';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
