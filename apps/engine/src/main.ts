// First: V8 settings that must hold before any other module allocates (gc-tuning.ts).
import './gc-tuning';
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/engine-config';
import { createLogger } from './logging/logger';
import { startEngine } from './server';
import { deployExamples } from './demo';

/**
 * `npm start [-- --demo]`: the engine on the configured database (embedded when DATABASE_URL
 * is unset). `--demo` deploys the example processes in `processes/`.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const running = await startEngine(config, logger).catch((error: Error) => {
    logger.fatal({ err: error }, error.message);
    process.exit(1);
  });
  if (process.argv.includes('--demo')) {
    const deployed = await deployExamples(running.engine);
    logger.info({ deployed }, 'example processes deployed');
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      running.stop().then(
        () => process.exit(0),
        (error: Error) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

void main();
