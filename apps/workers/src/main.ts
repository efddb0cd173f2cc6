import { OspreyClient } from '@osprey/client';
import pino from 'pino';
import { startOrderWorkers } from './order-workers';
import { loadWorkersConfig, WorkersConfigError } from './workers-config';

/**
 * `npm run workers`: the order-fulfilment workers against `OSPREY_URL`, until SIGTERM or SIGINT,
 * then a graceful stop.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadWorkersConfig();
  } catch (error) {
    if (error instanceof WorkersConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = pino({ level: config.logLevel, base: { service: 'osprey-workers' } });
  const client = new OspreyClient({ baseUrl: config.engineUrl, token: config.token });
  const running = await startOrderWorkers({
    client,
    logger,
    kafka: config.kafka,
    concurrency: config.concurrency,
  }).catch((error: Error) => {
    logger.fatal({ err: error }, error.message);
    process.exit(1);
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'stopping: finishing running jobs');
      running.stop({ drainMs: config.drainMs }).then(
        () => process.exit(0),
        (error: Error) => {
          logger.error({ err: error }, 'stop failed');
          process.exit(1);
        },
      );
    });
  }
}

void main();
