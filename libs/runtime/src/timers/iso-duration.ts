import type { IsoDuration } from '@osprey/bpmn';

export { parseIsoDuration, type IsoDuration } from '@osprey/bpmn';

/**
 * Calendar arithmetic with ISO 8601 durations in UTC. Years and months are calendar units (one
 * month after 31 January is 28/29 February, as in Java's `Period`); weeks and days are 24-hour
 * units, since the engine's clock is UTC.
 */

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
