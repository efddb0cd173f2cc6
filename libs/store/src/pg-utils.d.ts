// pg's own conversion of a parameter to its wire form (used by every query pg sends).
declare module 'pg/lib/utils' {
  /** A JavaScript value as pg sends it: text, a Buffer, or null. */
  export function prepareValue(value: unknown): string | Buffer | null;
}
