import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

/** The engine's structured JSON logger. Secrets are redacted by path wherever they appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'osprey-engine' },
    redact: { paths: ['*.password', '*.secret', '*.authorization', 'req.headers.authorization', 'databaseUrl'], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

/** Adapts pino to Nest's logger interface so framework messages are JSON too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
