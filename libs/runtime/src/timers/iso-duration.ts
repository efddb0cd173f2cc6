/**
 * ISO 8601 durations (`PT15M`, `P1DT2H`, `PT0.5S`, `P2W`, `P1Y2M`) and calendar arithmetic in
 * UTC. Years and months are calendar units (one month after 31 January is 28/29 February, as
 * in Java's `Period`); weeks and days are 24-hour units, since the engine's clock is UTC.
 */

/** A parsed duration; every field is ≥ 0. */
export interface IsoDuration {
  readonly years: number;
  readonly months: number;
  readonly days: number;
  /** Hours, minutes and seconds together, in milliseconds. */
  readonly timeMs: number;
}

const DURATION =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** Parses an ISO 8601 duration; `undefined` when `text` is not one. */
export function parseIsoDuration(text: string): IsoDuration | undefined {
  const s = text.trim();
  const m = DURATION.exec(s);
  // `P` and `PT` alone match the pattern but are not durations.
  if (!m || s === 'P' || s.endsWith('T')) return undefined;
  const int = (i: number) => (m[i] ? Number(m[i]) : 0);
  const dec = (i: number) => (m[i] ? Number(m[i]!.replace(',', '.')) : 0);
  const timeMs = Math.round(dec(5) * 3_600_000 + dec(6) * 60_000 + dec(7) * 1000);
  return { years: int(1), months: int(2), days: int(3) * 7 + int(4), timeMs };
}

/** `ms` plus `d`, calendar-aware for years and months. */
export function addDuration(ms: number, d: IsoDuration): number {
  let t = ms;
  if (d.years || d.months) {
    const date = new Date(ms);
    const totalMonths = date.getUTCMonth() + d.months + 12 * d.years;
    const year = date.getUTCFullYear() + Math.floor(totalMonths / 12);
    const month = totalMonths % 12;
    const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    const day = Math.min(date.getUTCDate(), lastDay);
    t =
      Date.UTC(year, month, day) +
      (ms - Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  }
  return t + d.days * 86_400_000 + d.timeMs;
}

/** True when the duration is zero long (a cycle of it would never advance). */
export function isZeroDuration(d: IsoDuration): boolean {
  return d.years === 0 && d.months === 0 && d.days === 0 && d.timeMs === 0;
}
