import type { ProcessGraph } from './graph';

/** Options of {@link GraphCache}. */
export interface GraphCacheOptions {
  /**
   * Graphs kept before the least recently used one is dropped.
   * @default 1000
   */
  readonly maxEntries?: number;
}

/**
 * A least-recently-used cache of compiled graphs by process definition key, so a command does
 * not re-parse its definition's XML. Graphs are immutable, so one cached graph serves every
 * instance. A miss is the caller's cue to load the XML and compile it again.
 */
export class GraphCache {
  private readonly entries = new Map<string, ProcessGraph>();
  private readonly maxEntries: number;

  constructor(options: GraphCacheOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 1000);
  }

  /** The graph for a key, marking it most recently used; `undefined` on a miss. */
  get(key: string): ProcessGraph | undefined {
    const graph = this.entries.get(key);
    if (graph === undefined) return undefined;
    // A Map iterates in insertion order: re-inserting moves the key to the young end.
    this.entries.delete(key);
    this.entries.set(key, graph);
    return graph;
  }

  /** Stores a graph, dropping the least recently used one when full. */
  set(key: string, graph: ProcessGraph): void {
    this.entries.delete(key);
    this.entries.set(key, graph);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
