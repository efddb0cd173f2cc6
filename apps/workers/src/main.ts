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
  const { apiKey, token, oauth, source } = config.credentials;
  if (source) logger.info({ credential: source }, 'authenticating to the engine');
  else logger.warn('no credential found (OSPREY_API_KEY, OSPREY_OIDC_CLIENT_ID, OSPREY_TOKEN or the development key file): the engine will answer 401 unless it allows anonymous access');
  const client = new OspreyClient({ baseUrl: config.engineUrl, apiKey, token, oauth });
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
