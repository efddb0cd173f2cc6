import type { EngineRecord, InstanceState } from '@osprey/runtime';
import type { Sql } from '../database';

/** How far up a chain of call activities is followed; deeper chains are a modelling loop. */
const MAX_DEPTH = 64;

/**
 * Keeps the `ancestor_incident` rows of a child instance in step with its open incidents, in
 * the command's transaction: after a command that raised or resolved an incident in the child,
 * or ended it, each ancestor instance — parent, grandparent, … — gets one row naming the call
 * activity that leads down to the child and the child's oldest open incident; with no incident
 * left, or the child ended, the rows go. The API reads them to report `hasIncident` and
 * `incidentKey` on the ancestors (see search-specs).
 *
 * Only rows keyed by the child are written, and the ancestors' keys are read without locks
 * (a parent's keys never change): the command holds the child's instance lock and takes no
 * ancestor lock, so a parent cancelling its call activity — parent locked first, then the
 * child — cannot deadlock with it (docs/adr/0004-incidents-through-call-activities.md).
 */
export async function writeAncestorIncidents(sql: Sql, state: InstanceState, records: readonly EngineRecord[]): Promise<void> {
  const parent = state.parentProcessInstanceKey;
  if (!parent || !state.parentElementInstanceKey) return;
  const ended = state.state !== 'ACTIVE';
  if (!ended && !records.some((r) => r.valueType === 'INCIDENT')) return;
  const incidentKey = ended ? undefined : oldestIncident(state);
  if (!incidentKey) {
    await sql.exec(`DELETE FROM ancestor_incident WHERE process_instance_key = $1`, [state.processInstanceKey]);
    return;
  }
  // Walk up the parent links and write one row per ancestor. The chain of an instance never
  // changes, so an upsert replaces exactly the rows a previous incident wrote.
  await sql.exec(
    `WITH RECURSIVE chain (pik, eik, depth) AS (
         SELECT $2::bigint, $3::bigint, 1
       UNION ALL
         SELECT p.parent_process_instance_key, p.parent_element_instance_key, c.depth + 1
           FROM chain c JOIN process_instance p ON p.key = c.pik
          WHERE p.parent_process_instance_key IS NOT NULL AND c.depth < $5
     )
     INSERT INTO ancestor_incident (process_instance_key, ancestor_process_instance_key, ancestor_element_instance_key, incident_key)
     SELECT $1, pik, eik, $4 FROM chain
     ON CONFLICT (process_instance_key, ancestor_process_instance_key)
       DO UPDATE SET ancestor_element_instance_key = EXCLUDED.ancestor_element_instance_key, incident_key = EXCLUDED.incident_key`,
    [state.processInstanceKey, parent, state.parentElementInstanceKey, incidentKey, MAX_DEPTH],
  );
}

/** The oldest open incident of the instance (keys grow with time), or undefined. */
function oldestIncident(state: InstanceState): string | undefined {
  let oldest: bigint | undefined;
  for (const key of Object.keys(state.incidents)) {
    const k = BigInt(key);
    if (oldest === undefined || k < oldest) oldest = k;
  }
  return oldest?.toString();
}
