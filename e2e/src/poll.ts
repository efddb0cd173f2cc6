/**
 * Calls `fn` every `intervalMs` until it returns a truthy value, and returns that value.
 * @throws when `timeoutMs` passes first (the message names `what`)
 * @default timeoutMs 10000, intervalMs 50
 */
export async function until<T>(
  fn: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
