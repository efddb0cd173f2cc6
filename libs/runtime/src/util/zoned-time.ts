/**
 * Local date-times in a named zone (`2026-03-01T09:00:00@Europe/Paris`, as FEEL writes them)
 * to instants, with the zone rules of the platform's `Intl` data; no clock is read.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `zone` from UTC at instant `ms`, in ms; `undefined` for an unknown zone. */
function offsetAt(zone: string, ms: number): number | undefined {
  let f = formatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      return undefined;
    }
    formatters.set(zone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The instant of local time `localMs` (the wall-clock reading encoded as if it were UTC) in
 * `zone`; `undefined` for an unknown zone. In a DST gap the later offset wins.
 */
export function zonedToInstant(localMs: number, zone: string): number | undefined {
  const first = offsetAt(zone, localMs);
  if (first === undefined) return undefined;
  const guess = localMs - first;
  // A second pass corrects guesses that landed on the other side of a DST change.
  const second = offsetAt(zone, guess)!;
  return localMs - second;
}
