/** Dates and values as people read them. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "12 Mar 2026, 14:05", or '' for no date. */
export function formatDate(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

/** "in 3 hours", "2 days ago". */
export function fromNow(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '';
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ];
  for (const [unit, ms] of units) if (abs >= ms) return relative.format(Math.round(diff / ms), unit);
  return relative.format(Math.round(diff / 1000), 'second');
}

/** True when a due date has passed. */
export function isOverdue(iso: string | undefined, now = Date.now()): boolean {
  return Boolean(iso) && new Date(iso!).getTime() < now;
}

/** A variable's JSON text, shortened for a table cell. */
export function shortJson(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** What a person typed as a variable value → JSON text (plain words become a JSON string). */
export function toJsonText(input: string): string {
  const t = input.trim();
  try {
    JSON.parse(t);
    return t;
  } catch {
    return JSON.stringify(input);
  }
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const precise = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

/** "12/03/2026, 14:05:09" — for timelines, where seconds matter. */
export function formatPrecise(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : precise.format(d);
}
