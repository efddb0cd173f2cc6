import { Database } from '@osprey/store';
import { ConfigError, loadConfig } from './config/engine-config';

/** `npm run migrate`: applies pending migrations and exits (the Kubernetes migrations Job). */
async function main(): Promise<void> {
  try {
    const config = loadConfig();
    const db = await Database.connect(config.database);
    const applied = await db.migrate();
    await db.close();
    process.stdout.write(`${JSON.stringify({ msg: 'migrations applied', applied })}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
    process.exit(1);
  }
}

void main();
