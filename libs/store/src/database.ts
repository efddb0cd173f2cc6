import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import { DataSource, type QueryRunner } from 'typeorm';
import { SpanKind, trace } from '@opentelemetry/api';
import { inSpan } from './tracing/spans';
import { LazyTransaction } from './lazy-transaction';
import { DatabaseUnavailableError, isDatabaseUnavailable } from './errors';
import { GuardedClient } from './guarded-client';
import { answerOf, transactionEdges, type TransactionEdges } from './transaction-edges';
import type { Client } from 'pg';
import { InitialSchema1764000000001 } from './migrations/1764000000001-initial-schema';
import { Drafts1764000000002 } from './migrations/1764000000002-drafts';
import { Resources1764000000003 } from './migrations/1764000000003-resources';
import { AuditLog1764000000005 } from './migrations/1764000000005-audit-log';
import { AncestorIncidents1764000000006 } from './migrations/1764000000006-ancestor-incidents';
import { JobTraceContext1764000000007 } from './migrations/1764000000007-job-trace-context';
import { VariableValueHash1764000000008 } from './migrations/1764000000008-variable-value-hash';
import { DispatchLeases1764000000009 } from './migrations/1764000000009-dispatch-leases';
import { InstanceContinuations1764000000010 } from './migrations/1764000000010-instance-continuations';
import { DraftKinds1764000000011 } from './migrations/1764000000011-draft-kinds';
import { Decisions1764000000012 } from './migrations/1764000000012-decisions';
import { DeploymentDecisions1764000000013 } from './migrations/1764000000013-deployment-decisions';
import { HistoryActor1764000000017 } from './migrations/1764000000017-history-actor';
import { JobKind1764000000019 } from './migrations/1764000000019-job-kind';
import { HistoryBatches1764000000020 } from './migrations/1764000000020-history-batches';
import { AuditSeals1764000000021 } from './migrations/1764000000021-audit-seals';

/** Every migration, in order. Append-only: add new files, never edit released ones. */
export const MIGRATIONS = [
  InitialSchema1764000000001,
  Drafts1764000000002,
  Resources1764000000003,
  AuditLog1764000000005,
  AncestorIncidents1764000000006,
  JobTraceContext1764000000007,
  VariableValueHash1764000000008,
  DispatchLeases1764000000009,
  InstanceContinuations1764000000010,
  DraftKinds1764000000011,
  Decisions1764000000012,
  DeploymentDecisions1764000000013,
  HistoryActor1764000000017,
  JobKind1764000000019,
  HistoryBatches1764000000020,
  AuditSeals1764000000021,
];

/** Where the engine keeps its data. */
export type DatabaseTarget =
  | { readonly kind: 'server'; readonly url: string; readonly poolSize?: number }
  | { readonly kind: 'embedded'; readonly dataDir: string };

/**
 * Refuses a data folder that holds files but no database (no `PG_VERSION`): opening it would
 * fail inside the embedded engine with no word of why, or worse, write a database among
 * someone's files. An empty folder is fine: the database is created in it.
 * @throws Error naming the folder and a few of the files found
 */
function checkDataFolder(dataDir: string): void {
  const entries = readdirSync(dataDir);
  if (entries.length === 0 || entries.includes('PG_VERSION')) return;
  const shown = entries.slice(0, 3).map((e) => `'${e}'`).join(', ') + (entries.length > 3 ? ', …' : '');
  throw new Error(`Expected the data folder '${dataDir}' to be empty or to hold an embedded database, but it holds other files (${shown}) and no PG_VERSION`);
}

/** A query runner bound to one transaction. Parameters are `$1…$n`. */
export interface Sql {
  /** Rows of a statement. */
  rows<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Number of rows a write statement affected. */
  exec(sql: string, params?: readonly unknown[]): Promise<number>;
  /**
   * The transaction's {@link Database.writeRider}, asked by each batched write: a writer
   * that sends its statements as one (`StatementBatch`) adds it as one more part, which saves
   * the rider a round trip of its own. Absent or undefined: nothing rides.
   */
  rider?(): RidingStatement | undefined;
  /**
   * A read that may run before the transaction has begun: of rows that never change once
   * written (definitions) or of the clock. Under READ COMMITTED it sees the same either way;
   * before anything was locked or written it costs no `START TRANSACTION` (see LazyTransaction).
   * Absent: use {@link rows}.
   */
  early?<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * Holds back a write whose result nobody reads (the last statement of a command's writes)
   * until the next statement or the commit; when nothing else opened the transaction by then,
   * it goes out alone in autocommit (one statement is atomic) with no `START TRANSACTION` or
   * `COMMIT`. Absent: use {@link exec}.
   */
  holdLast?(sql: string, params: readonly unknown[]): Promise<void>;
}

/** Reads with `sql.early` where the transaction has it (see {@link Sql.early}), else with `sql.rows`. */
export function readEarly<T = Record<string, unknown>>(sql: Pick<Sql, 'rows' | 'early'>, text: string, params?: readonly unknown[]): Promise<T[]> {
  return sql.early ? sql.early<T>(text, params) : sql.rows<T>(text, params);
}

/** A data-modifying statement (no `WITH`, no `RETURNING`) that rides in a transaction's first write statement. */
export interface RidingStatement {
  readonly text: string;
  readonly params: readonly unknown[];
}

/** What {@link Database.writeRider} hands out: the statement and how to take it back when the transaction rolls back. */
export interface Rider extends RidingStatement {
  /** Called when the transaction that carried the statement rolled back. */
  rolledBack(): void;
}

/**
 * The engine's connection to PostgreSQL — a server through `pg`, or the embedded PGlite — with
 * one primitive that matters: {@link Database.transaction}.
 */
export class Database {
  private closed = false;

  /**
   * Runs at the end of every {@link transaction}, on its connection, just before it commits;
   * when it throws, the transaction rolls back. The audit log uses it to write a request's
   * entry atomically with the change (`audit/audit-log.ts`). @default undefined
   */
  beforeCommit?: (sql: Sql) => Promise<void>;

  /**
   * Asked by each batched write statement of a {@link transaction} for a statement to send in it
   * (`Sql.rider`); it hands each request's statement out once. The audit log rides a request's
   * entry in its command's first write, saving a round trip per command; a transaction that
   * writes no batch gets it in {@link beforeCommit} instead. @default undefined
   */
  writeRider?: () => Rider | undefined;

  /**
   * Called with the seconds each {@link transaction} waited for a pooled connection (0 when one
   * was idle). A wait that grows means commands queue behind the pool: metrics read it.
   * @default undefined
   */
  onConnectionWait?: (seconds: number) => void;

  private constructor(
    readonly dataSource: DataSource,
    readonly target: DatabaseTarget,
  ) {}

  /**
   * Connects (creating the embedded data folder when needed).
   * @throws when the server cannot be reached; the message names the host, not the password.
   */
  static async connect(target: DatabaseTarget): Promise<Database> {
    let dataSource: DataSource;
    if (target.kind === 'server') {
      dataSource = new DataSource({
        type: 'postgres',
        url: target.url,
        migrations: MIGRATIONS,
        migrationsTableName: 'osprey_migrations',
        // pg pool size. 2 cores: 20 connections keep the CPU busy without thrashing. An idle
        // connection is kept for 10 minutes (HikariCP's default), not pg's 10 s: when a burst
        // ends, closing a dozen connections at once and opening them again at the next burst
        // (authentication, every prepared statement planned again) cost 20–35 ms of start p99.
        // Every pooled client keeps an error listener from birth (guarded-client.ts).
        extra: { max: target.poolSize ?? 20, connectionTimeoutMillis: 5_000, idleTimeoutMillis: IDLE_CONNECTION_MS, Client: GuardedClient },
      });
    } else {
      mkdirSync(target.dataDir, { recursive: true });
      checkDataFolder(target.dataDir);
      const { PGliteDriver } = await import('typeorm-pglite');
      dataSource = new DataSource({
        type: 'postgres',
        driver: new PGliteDriver({ dataDir: target.dataDir }).driver,
        migrations: MIGRATIONS,
        migrationsTableName: 'osprey_migrations',
      });
    }
    try {
      await dataSource.initialize();
    } catch (error) {
      // PGlite's own words for a folder it cannot use are "Program terminated with exit(1)".
      if (target.kind === 'embedded') {
        throw new Error(`Expected the data folder '${target.dataDir}' to hold an embedded database, but it could not be opened (${(error as Error).message}); it may be damaged or written by another PostgreSQL version`, { cause: error });
      }
      throw error;
    }
    return new Database(dataSource, target);
  }

  /** Applies pending migrations; a no-op when the schema is current. Returns the names applied. */
  async migrate(): Promise<string[]> {
    const applied = await this.dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  }

  /**
   * Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. Inside a
   * trace (a request, a consumed message) the transaction is a `transaction` span, from taking
   * a connection to the commit.
   */
  async transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    // Only where there is a trace to join: long-poll rounds and background loops would
    // otherwise start a trace of their own several times a second.
    if (!trace.getActiveSpan()?.isRecording()) return this.runTransaction(fn);
    return inSpan('transaction', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql' } }, () => this.runTransaction(fn));
  }

  private async runTransaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    const asked = performance.now();
    await runner.connect();
    this.onConnectionWait?.((performance.now() - asked) / 1000);
    // Each batched write asks for a rider (see writeRider); the writeRider hands a request's
    // statement out once, so in a group commit each command's first write carries its own.
    const riders: Rider[] = [];
    const takeRider = () => {
      const rider = this.writeRider?.();
      if (rider) riders.push(rider);
      return rider;
    };
    // START TRANSACTION goes out only when a statement needs it (see LazyTransaction).
    const server = this.target.kind === 'server';
    const { raw, edges } = bind(runner, server);
    const sql = new LazyTransaction(runner, raw, takeRider, edges);
    try {
      try {
        const result = await fn(sql);
        if (this.beforeCommit) await this.beforeCommit(sql);
        await sql.commit();
        return result;
      } catch (error) {
        await sql.rollback();
        for (const rider of riders) rider.rolledBack();
        // TypeORM releases a runner whose connection failed (PostgreSQL killed, the network cut),
        // and the transaction's next statement or its COMMIT then says only "already released".
        if (runner.isReleased && !isDatabaseUnavailable(error)) {
          throw new DatabaseUnavailableError('The connection to the database was lost during the command', [], { cause: error });
        }
        throw error;
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * One statement alone, in autocommit: atomic by itself, one round trip, no `START TRANSACTION`
   * or `COMMIT`, traced and timed like a transaction. For a hot command that is a single statement
   * of fixed text, such as a job activation: on a server it is prepared once per connection, as
   * the statements of a transaction are. Statements whose text varies (searches) use {@link rows},
   * which prepares nothing, so the prepared statements of a connection stay bounded.
   */
  async statement<T = Record<string, unknown>>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    // A LazyTransaction sends an early statement without opening the transaction; nothing follows it.
    return this.transaction((sql) => readEarly<T>(sql, text, params));
  }

  /** One statement outside an explicit transaction. */
  async rows<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    // A structured result: TypeORM otherwise answers UPDATE/DELETE with [rows, count].
    const runner = this.dataSource.createQueryRunner();
    try {
      const result = await runner.query(sql, params as unknown[], true);
      return (result.records ?? []) as T[];
    } finally {
      await runner.release();
    }
  }

  /** True when `SELECT 1` answers. */
  async ping(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the pool (or the embedded database). Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.dataSource.destroy();
  }
}

/** How long a pooled connection may stay idle before the pool closes it. */
const IDLE_CONNECTION_MS = 10 * 60_000;

/**
 * The statements of a transaction's connection, and on a server its {@link TransactionEdges}.
 */
function bind(runner: QueryRunner, prepared: boolean): { raw: Sql; edges?: TransactionEdges } {
  // On a PostgreSQL server the statements of a transaction go straight to the pooled pg client
  // as named (prepared) statements: PostgreSQL then parses and plans each hot statement once per
  // connection instead of on every command — 35–40 % less database CPU per start in the
  // benchmark's replay (docs/benchmarks.md). The statement texts are fixed, so their number is
  // bounded. The embedded database keeps TypeORM's path.
  const client = prepared ? (runner as unknown as { databaseConnection?: Client }).databaseConnection : undefined;
  if (client && typeof client.query === 'function') {
    const run = (sql: string, params: readonly unknown[] = []) => client.query({ name: statementName(sql), text: sql, values: params as unknown[] });
    return {
      raw: {
        async rows<T>(sql: string, params?: readonly unknown[]) {
          return (await run(sql, params)).rows as T[];
        },
        async exec(sql: string, params?: readonly unknown[]) {
          return answerOf(await run(sql, params)).rowCount;
        },
      },
      edges: transactionEdges(client, statementName, run),
    };
  }
  return {
    raw: {
      async rows<T>(sql: string, params: readonly unknown[] = []) {
        const res = await runner.query(sql, params as unknown[], true);
        return (res.records ?? []) as T[];
      },
      async exec(sql: string, params: readonly unknown[] = []) {
        const res = await runner.query(sql, params as unknown[], true);
        return typeof res.affected === 'number' ? res.affected : (res.records?.length ?? 0);
      },
    },
  };
}

const names = new Map<string, string>();

/** A stable name per statement text (pg prepares a named statement once per connection). */
function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `osp_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
    names.set(sql, name);
  }
  return name;
}

/**
 * A fingerprint of the migrations' source: changes whenever a migration is added or edited.
 * Test harnesses name their migrated template database after it, so a stale template is
 * never reused.
 */
export const SCHEMA_FINGERPRINT: string = (() => {
  let h = 0;
  for (const ch of MIGRATIONS.map((m) => m.toString()).join('\n')) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return `m${MIGRATIONS.length}_${(h >>> 0).toString(36)}`;
})();
