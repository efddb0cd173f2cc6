/** ISO 8601 date or date-time, as requests spell instants. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;

/**
 * `value` as an ISO 8601 instant in UTC that PostgreSQL accepts, or `undefined` when it is not
 * one. `Date.parse` alone takes strings PostgreSQL refuses (`'0.5'`, offsets past ±15:59, year
 * 0), which would fail the query instead of the request; normalizing to UTC settles all three.
 */
export function isoInstant(value: unknown): string | undefined {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value)) return undefined;
  const instant = new Date(value);
  const year = instant.getUTCFullYear();
  return year >= 1 && year <= 9999 ? instant.toISOString() : undefined;
}
