import { CronExpressionParser } from 'cron-parser';
import { parseIsoDuration } from '../iso-duration';

/**
 * Static timer values as Camunda 8 accepts them: ISO 8601 date-times with an offset, durations
 * and repeating intervals, or cron expressions for cycles.
 */

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2}))(?:\[[A-Za-z0-9_+\-/]+\])?$/;

/** `2026-03-01T09:00:00Z`, `2026-03-01T09:00:00+01:00[Europe/Berlin]`: an offset is required. */
export function isIsoDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = m
    .slice(1)
    .map((v) => Number(v ?? 0));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 18 &&
    offsetMinutes <= 59
  );
}

/** `PT48H`, `P1DT12H`, `P2W`. */
export function isIsoDuration(value: string): boolean {
  return parseIsoDuration(value) !== undefined;
}

/** `R/PT10M`, `R3/PT10M`, `R/2026-01-01T00:00:00Z/P1D` (repeat count optional). */
export function isIsoRepeatingInterval(value: string): boolean {
  const parts = value.split('/');
  if (!/^R\d*$/.test(parts[0])) return false;
  if (parts.length === 2) return isIsoDuration(parts[1]);
  if (parts.length === 3) return isIsoDateTime(parts[1]) && isIsoDuration(parts[2]);
  return false;
}

/**
 * A cron expression of 6 fields (second minute hour day-of-month month day-of-week, as in
 * Camunda 8) or 5 (without seconds).
 */
export function isCron(value: string): boolean {
  const fields = value.split(/\s+/).filter(Boolean);
  if (fields.length !== 5 && fields.length !== 6) return false;
  try {
    CronExpressionParser.parse(fields.join(' '));
    return true;
  } catch {
    return false;
  }
}

/** A timer cycle: a repeating interval or a cron expression. */
export function isTimeCycle(value: string): boolean {
  return isIsoRepeatingInterval(value) || isCron(value);
}
