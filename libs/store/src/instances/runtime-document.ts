import type { InstanceState } from '@osprey/runtime';
import type { Sql } from '../database';

/**
 * The live state document of an instance (`process_instance.runtime`). The pg driver hands
 * JSONB back parsed; the embedded database may hand back text.
 */
export function parseRuntime(runtime: InstanceState | string): InstanceState {
  return typeof runtime === 'string' ? (JSON.parse(runtime) as InstanceState) : runtime;
}

/**
 * The live states of several instances in one statement (no lock: activation reads them to
 * hand variables to workers). Ended instances are absent from the map.
 */
export async function readRuntimes(sql: Pick<Sql, 'rows'>, keys: readonly string[]): Promise<Map<string, InstanceState>> {
  const rows = await sql.rows<{ key: string; runtime: InstanceState | string | null }>(
    `SELECT key::text AS key, runtime FROM process_instance WHERE key = ANY($1::bigint[])`,
    [keys],
  );
  const map = new Map<string, InstanceState>();
  for (const r of rows) if (r.runtime) map.set(r.key, parseRuntime(r.runtime));
  return map;
}
