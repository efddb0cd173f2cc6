import type { WorkerLogger } from './worker-options';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

/**
 * A minimal logger writing one JSON object per line to stderr, for workers given no logger.
 * @param minLevel the lowest level written @default 'warn'
 */
export function jsonLogger(minLevel: Level = 'warn', bindings: Record<string, unknown> = {}): WorkerLogger {
  const min = LEVELS.indexOf(minLevel);
  const write = (level: Level) => (fields: Record<string, unknown>, message: string) => {
    if (LEVELS.indexOf(level) < min) return;
    const err =
      fields.err instanceof Error ? { err: { type: fields.err.name, message: fields.err.message } } : {};
    process.stderr.write(
      `${JSON.stringify({ level, time: new Date().toISOString(), ...bindings, ...fields, ...err, msg: message })}\n`,
    );
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
