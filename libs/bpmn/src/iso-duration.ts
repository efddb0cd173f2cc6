import { parse } from 'tinyduration';

/**
 * ISO 8601 durations (`PT15M`, `P1DT2H`, `PT0.5S`, `P2W`, `P1Y2M`), parsed by `tinyduration` and
 * read the way timers use them: years and months stay calendar units, weeks, days and the time
 * part become milliseconds (the engine's clock is UTC, so a day is 24 hours).
 */
export interface IsoDuration {
  readonly years: number;
  readonly months: number;
  readonly days: number;
  /** Hours, minutes and seconds together, in milliseconds. */
  readonly timeMs: number;
}

/**
 * Parses an ISO 8601 duration; `undefined` when `text` is not one. As in Camunda 8 (Java's
 * `Period` and `Duration`), only the seconds may have a fraction; negative durations and a
 * trailing `T` are refused, and letters may be of either case (`PT30s`, which Camunda's own
 * examples use, is thirty seconds).
 */
export function parseIsoDuration(text: string): IsoDuration | undefined {
  const s = text.trim().toUpperCase();
  if (s.endsWith('T')) return undefined;
  let d: ReturnType<typeof parse>;
  try {
    d = parse(s);
  } catch {
    return undefined;
  }
  const { years = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0 } = d;
  if (d.negative || ![years, months, weeks, days, hours, minutes].every(Number.isInteger)) return undefined;
  return { years, months, days: weeks * 7 + days, timeMs: Math.round(hours * 3_600_000 + minutes * 60_000 + seconds * 1000) };
}
