import { Query, type Client, type QueryResult } from 'pg';
import { prepareValue } from 'pg/lib/utils';
import type { RidingStatement } from './database';

/**
 * A transaction's `START TRANSACTION` and `COMMIT`, sent in the round trips of its first and last
 * statements instead of in round trips of their own.
 *
 * The extended query protocol runs every message up to a `Sync` before answering, and a
 * `BEGIN` among them turns the implicit transaction of those messages into an ordinary one that
 * outlives the `Sync`. So `BEGIN` and the first statement (Parse/Bind/Execute each, then one
 * Sync) open the transaction and answer the statement in one round trip; the last writes (one
 * per command of a group commit) and `COMMIT` likewise end it in one. An error skips the rest up
 * to the `Sync`: a failed first statement leaves the transaction open and aborted, a failed last
 * write leaves the writes after it and `COMMIT` unsent; either way the caller rolls back, as it
 * would have.
 */
export interface TransactionEdges {
  /** `START TRANSACTION`, then the statement, in one round trip; the statement's result. */
  beginWith(text: string, params: readonly unknown[]): Promise<Answer>;
  /**
   * The statements, in order, then `COMMIT`, in one round trip: the writes a transaction held
   * back (one command's last write, or one per command of a group commit).
   * @throws when the transaction did not commit
   */
  commitWith(statements: readonly RidingStatement[]): Promise<void>;
  /** The statements, in order, in one round trip (their answers are not wanted). */
  sendAll(statements: readonly RidingStatement[]): Promise<void>;
  /** `ROLLBACK`; an error (the connection is gone) is the caller's to ignore. */
  rollback(): Promise<void>;
}

/** What a statement answered. */
export interface Answer {
  readonly rows: unknown[];
  readonly rowCount: number;
}

/** The parts of pg's connection that sending a statement by hand needs (pg's own internals). */
interface Wire {
  parsedStatements: Record<string, string | undefined>;
  parse(message: { text: string; name?: string }): void;
  bind(message: { portal?: string; statement?: string; values?: unknown[] }): void;
  describe(message: { type: 'P' | 'S'; name?: string }): void;
  execute(message: { portal?: string; rows?: number }): void;
  sync(): void;
}

/** pg's Query as this file extends it: `prepare` and `_getRows` send the extended-protocol messages. */
interface QueryInternals {
  readonly portal: string;
  prepare(wire: Wire): void;
  _getRows(wire: Wire, rows?: number): void;
}
const QueryBase = Query as unknown as new (config: { name: string; text: string; values: unknown[] }) => QueryInternals;

/** Sends `text` unnamed and without `Sync`: its answer arrives in the same round trip as the statement's. */
function sendUnnamed(wire: Wire, text: 'BEGIN' | 'COMMIT'): void {
  wire.parse({ text, name: '' });
  wire.bind({ portal: '', statement: '', values: [] });
  wire.execute({ portal: '', rows: 0 });
}

/** A statement the connection has prepared, with its parameters already in wire form. */
interface Prepared {
  readonly name: string;
  readonly values: unknown[];
}

/**
 * Prepared statements sent as one pipeline, before one `Sync`: optionally `BEGIN` first, then
 * `before` (each bound, described and executed on the unnamed portal), then the query's own
 * statement, then optionally `COMMIT`. pg answers with one result per command, in order.
 */
class PipelinedQuery extends QueryBase {
  constructor(
    config: { name: string; text: string; values: unknown[] },
    private readonly edges: { readonly begin?: boolean; readonly before?: readonly Prepared[]; readonly commit?: boolean },
  ) {
    super(config);
  }

  override prepare(wire: Wire): void {
    if (this.edges.begin) sendUnnamed(wire, 'BEGIN');
    for (const statement of this.edges.before ?? []) {
      wire.bind({ portal: '', statement: statement.name, values: statement.values });
      wire.describe({ type: 'P', name: '' });
      wire.execute({ portal: '', rows: 0 });
    }
    super.prepare(wire);
  }

  override _getRows(wire: Wire, rows?: number): void {
    if (rows) return super._getRows(wire, rows);
    wire.execute({ portal: this.portal, rows: 0 });
    if (this.edges.commit) sendUnnamed(wire, 'COMMIT');
    wire.sync();
  }
}

/** One result per command of a round trip, in order (pg answers a single one unwrapped). */
type Results = QueryResult | QueryResult[];

/**
 * The edges for one pooled pg client. `name` gives a statement's prepared-statement name and
 * `plain` sends it as the connection's other statements go; a
 * statement the connection has not prepared yet goes the plain way (its own round trip after
 * `START TRANSACTION`), so that pg's bookkeeping of prepared statements, which follows the
 * messages it sends, is never told a statement was prepared when its Parse failed.
 */
export function transactionEdges(
  client: Client,
  name: (text: string) => string,
  plain: (text: string, params: readonly unknown[]) => Promise<QueryResult>,
): TransactionEdges | undefined {
  const wire = (client as unknown as { connection?: Wire }).connection;
  if (!wire || typeof wire.parse !== 'function' || typeof wire.parsedStatements !== 'object') return undefined;
  const prepared = (statement: RidingStatement): boolean => wire.parsedStatements[name(statement.text)] === statement.text;
  /** The statements as one pipeline (see PipelinedQuery), or undefined when one of them is not prepared yet. */
  const send = (statements: readonly RidingStatement[], edges: { begin?: boolean; commit?: boolean }): Promise<QueryResult[]> | undefined => {
    if (statements.length === 0 || !statements.every(prepared)) return undefined;
    const last = statements[statements.length - 1]!;
    // Converted here, not while pg writes the messages: a value that cannot be sent throws before anything went out.
    const before = statements.slice(0, -1).map((s) => ({ name: name(s.text), values: s.params.map((v) => prepareValue(v)) }));
    const query = new PipelinedQuery({ name: name(last.text), text: last.text, values: last.params as unknown[] }, { ...edges, before });
    return new Promise((resolve, reject) => {
      // A query object (pg's Submittable) is answered through its callback; pg returns the object itself.
      void client.query(query as never, ((error: Error | null, results: Results) => (error ? reject(error) : resolve(asList(results)))) as never);
    });
  };
  return {
    async beginWith(text, params) {
      const pipelined = send([{ text, params }], { begin: true });
      if (!pipelined) {
        await client.query('START TRANSACTION');
        return answerOf(await plain(text, params));
      }
      const results = await pipelined;
      return answerOf(results[results.length - 1]!);
    },
    async commitWith(statements) {
      const pipelined = send(statements, { commit: true });
      let results: QueryResult[];
      if (pipelined) {
        results = await pipelined;
      } else {
        for (const s of statements) await plain(s.text, s.params);
        results = [await client.query('COMMIT')];
      }
      // An aborted transaction answers COMMIT with ROLLBACK, and no error.
      const ended = results[results.length - 1]?.command;
      if (ended !== 'COMMIT') throw new Error(`Expected the transaction to commit, but the database answered ${ended ?? 'nothing'}`);
    },
    async sendAll(statements) {
      const pipelined = send(statements, {});
      if (pipelined) {
        await pipelined;
        return;
      }
      for (const s of statements) await plain(s.text, s.params);
    },
    async rollback() {
      await client.query('ROLLBACK');
    },
  };
}

function asList(results: Results): QueryResult[] {
  return Array.isArray(results) ? results : [results];
}

/** A statement's rows and the number of rows it affected (or returned). */
export function answerOf(result: QueryResult): Answer {
  return { rows: result.rows, rowCount: typeof result.rowCount === 'number' ? result.rowCount : result.rows.length };
}
