// The chaos suite's own PostgreSQL and Kafka, started through scripts/services in their own
// folder and on their own ports: the suite kills them, so they must never be the ones other
// test runs use.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sleep } from '../bench/stats.mjs';

const run = promisify(execFile);

/** Ports and folder of the chaos services; each can be overridden by the usual variables. */
export function chaosServiceSettings(root) {
  return {
    dir: process.env.CHAOS_SERVICES_DIR || join(root, '.services/chaos'),
    pgPort: process.env.CHAOS_PG_PORT || '55532',
    kafkaPort: process.env.CHAOS_KAFKA_PORT || '59192',
    kafkaControllerPort: process.env.CHAOS_KAFKA_CONTROLLER_PORT || '59193',
  };
}

/** PostgreSQL and Kafka processes the suite owns: started, killed, restarted and stopped by it. */
export class ChaosServices {
  /** @param {string} root repository root @param {{ kafka?: boolean, log?: (m: string) => void }} options */
  constructor(root, { kafka = true, log = () => undefined } = {}) {
    this.root = root;
    this.kafka = kafka;
    this.log = log;
    this.settings = chaosServiceSettings(root);
    this.env = {
      ...process.env,
      OSPREY_SERVICES_DIR: this.settings.dir,
      OSPREY_PG_PORT: this.settings.pgPort,
      OSPREY_KAFKA_PORT: this.settings.kafkaPort,
      OSPREY_KAFKA_CONTROLLER_PORT: this.settings.kafkaControllerPort,
      OSPREY_PG_STOP_TIMEOUT: '10',
      OSPREY_KAFKA_STOP_TIMEOUT: '10',
    };
    this.databaseUrl = '';
    this.kafkaBrokers = '';
  }

  /** `scripts/services <args>` with the chaos folder and ports; resolves with its stdout. */
  async services(...args) {
    const { stdout } = await run(join(this.root, 'scripts/services'), args, {
      cwd: this.root,
      env: this.env,
      maxBuffer: 4 * 1024 * 1024,
      timeout: 180_000,
    });
    return stdout;
  }

  /** Starts (or finds) both services and reads their URLs. */
  async up() {
    const out = await this.services('up', 'postgres', ...(this.kafka ? ['kafka'] : []));
    for (const line of out.split('\n')) {
      const m = /^(DATABASE_URL|KAFKA_BROKERS)=(.+)$/.exec(line.trim());
      if (m?.[1] === 'DATABASE_URL') this.databaseUrl = m[2];
      if (m?.[1] === 'KAFKA_BROKERS') this.kafkaBrokers = m[2];
    }
    if (!this.databaseUrl) throw new Error(`Expected scripts/services up to print DATABASE_URL, but it printed: ${out}`);
  }

  pid(name) {
    try {
      const pid = Number(readFileSync(join(this.settings.dir, 'run', `${name}.pid`), 'utf8').trim());
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  /** `kill -9` of the PostgreSQL postmaster (its backends notice and exit on their own). */
  killPostgres() {
    return this.kill9('postgres');
  }

  /** `kill -9` of the Kafka broker. */
  killKafka() {
    return this.kill9('kafka');
  }

  kill9(name) {
    const pid = this.pid(name);
    if (!pid) throw new Error(`Expected a running ${name} of the chaos services, but found no pid file`);
    process.kill(pid, 'SIGKILL');
    this.log(`kill -9 ${name} (pid ${pid})`);
    return pid;
  }

  /**
   * Starts a killed service again. A killed postmaster's backends take a moment to leave the
   * shared memory, during which a new postmaster refuses to start: retried for up to a minute.
   */
  async restart(name) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await this.services('up', name);
        this.log(`${name} up again`);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(1_000);
      }
    }
  }

  /** Stops both services; never throws (it runs in cleanup). */
  async down() {
    try {
      await this.services('down', 'postgres', ...(this.kafka ? ['kafka'] : []));
    } catch (error) {
      this.log(`scripts/services down: ${error.message}`);
    }
  }
}
