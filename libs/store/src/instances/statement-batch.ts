import type { Sql } from '../database';

/** One queued data-modifying statement. */
interface Part {
  readonly text: string;
  readonly params: readonly unknown[];
}

/**
 * Sends the write statements of one command as one statement: each queued statement becomes a
 * data-modifying CTE of a single `WITH … SELECT`, so a command pays one round trip (and, on a
 * server, one prepared plan) for all its tables instead of one per table. A start of a
 * one-task process went from 6 write statements to 1 (docs/benchmarks.md).
 *
 * The CTEs of one statement run on the same snapshot and cannot see each other's rows, and the
 * order in which they touch rows is unspecified. So a statement joins the pending batch only
 * when none of the tables it writes or reads is already in it; otherwise the batch is sent
 * first and the statement starts the next one. Statements on different tables commute, so the
 * rows every table ends up with are the same as when the statements ran one by one.
 */
export class StatementBatch {
  private parts: Part[] = [];
  private readonly tables = new Set<string>();

  constructor(private readonly sql: Sql) {}

  /**
   * Queues a data-modifying statement without `WITH` or `RETURNING`. `tables` names every table
   * it writes or reads (or a finer tag when two statements on one table touch disjoint rows).
   */
  async add(tables: readonly string[], text: string, params: readonly unknown[]): Promise<void> {
    if (tables.some((t) => this.tables.has(t))) await this.flush();
    for (const t of tables) this.tables.add(t);
    this.parts.push({ text, params });
  }

  /**
   * The transaction, for statements that cannot be queued (they need their result, or carry a
   * `WITH` of their own): the pending batch is sent before each of them.
   */
  readonly direct: Sql = {
    rows: async (text, params) => {
      await this.flush();
      return this.sql.rows(text, params);
    },
    exec: async (text, params) => {
      await this.flush();
      return this.sql.exec(text, params);
    },
  };

  /**
   * Sends what is pending as the command's last write: the transaction may hold it back and, when
   * nothing else follows, send it without `START TRANSACTION` and `COMMIT` (`Sql.holdLast`).
   */
  async flushLast(): Promise<void> {
    await this.flush(undefined, true);
  }

  /**
   * Sends what is pending. `last`, a plain `SELECT` (e.g. `pg_notify`), becomes the main query of
   * the statement: a `SELECT` in a CTE that nothing reads would never run.
   */
  async flush(last?: Part, hold = false): Promise<void> {
    const parts = this.parts;
    this.parts = [];
    this.tables.clear();
    if (parts.length === 0 && !last) return;
    // The transaction's rider (the request's audit entry) joins its first write statement.
    const rider = this.sql.rider?.();
    if (rider) parts.push(rider);
    const send = (text: string, params: readonly unknown[]) =>
      hold && this.sql.holdLast ? this.sql.holdLast(text, params) : this.sql.exec(text, params);
    if (parts.length === 1 && !last) {
      await send(parts[0]!.text, parts[0]!.params);
      return;
    }
    const params: unknown[] = [];
    for (const p of parts) params.push(...p.params);
    if (last) params.push(...last.params);
    await send(SHAPES.text(parts, last), params);
  }
}

/** A combined statement's text, by the texts of its parts: one node per part, in order. */
interface Shape {
  /** How many parameters the part that led here had: the texts after it are numbered past them. */
  count?: number;
  next?: Map<string, Shape>;
  /** The statement when no part follows and no `last` ends it. */
  text?: string;
  /** The statement by the text of the `last` that ends it. */
  lasts?: Map<string, string>;
}

/**
 * The combined statements already built. A command's statements come from a few fixed texts, so
 * the same sequences recur: building each once spares every command a renumbering pass over its
 * text (6–8 % of the memory a start allocated), and hands pg and the prepared-statement
 * lookup the very same string each time. Bounded: past {@link MAX_SHAPES} nodes new shapes are
 * built per call and not kept, so statements whose text varies cannot grow it without end.
 */
class ShapeCache {
  private readonly root: Shape = {};
  private size = 0;

  text(parts: readonly Part[], last: Part | undefined): string {
    let node: Shape | undefined = this.root;
    for (const p of parts) {
      let next: Shape | undefined = node.next?.get(p.text);
      if (!next) {
        if (this.size >= MAX_SHAPES) return combine(parts, last);
        next = { count: p.params.length };
        (node.next ??= new Map()).set(p.text, next);
        this.size++;
      } else if (next.count !== p.params.length) {
        // The same text with another number of parameters: numbered afresh, not kept.
        return combine(parts, last);
      }
      node = next;
    }
    if (!last) return (node.text ??= combine(parts, undefined));
    let text = node.lasts?.get(last.text);
    if (text === undefined) {
      text = combine(parts, last);
      if (this.size >= MAX_SHAPES) return text;
      (node.lasts ??= new Map()).set(last.text, text);
      this.size++;
    }
    return text;
  }
}

const MAX_SHAPES = 2_000;
const SHAPES = new ShapeCache();

/** `parts` as the CTEs of one statement whose main query is `last` (or `SELECT 1`), `$n` renumbered in order. */
function combine(parts: readonly Part[], last: Part | undefined): string {
  let offset = 0;
  const ctes = parts.map((p, i) => {
    const text = `w${i} AS (${shift(p.text, offset)})`;
    offset += p.params.length;
    return text;
  });
  const main = last ? shift(last.text, offset) : 'SELECT 1';
  return ctes.length > 0 ? `WITH ${ctes.join(',\n')}\n${main}` : main;
}

/** `text` with every `$n` moved up by `offset`. */
function shift(text: string, offset: number): string {
  return offset === 0 ? text : text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
}
