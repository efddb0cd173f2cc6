// The invariants every fault test and hostile case ends with, read from the database (never from
// the engine's answers): what was acknowledged is there, nothing waits for nothing, nothing
// happened twice, the outbox drained, the audit log has one entry per change, tenants stay apart.
import { sleep } from '../bench/stats.mjs';
import { withClient } from './engine.mjs';

/** The invariants' names, in report order. */
export const INVARIANTS = ['I1', 'I2', 'I3', 'I4', 'I5', 'I6'];

/**
 * Active instances with nothing to wait on: no job, timer, message or signal subscription, open
 * user task, active incident or active called instance. Those are the documented wait states.
 */
const STUCK_SQL = `
  SELECT pi.key::text AS key, pi.bpmn_process_id AS process
    FROM process_instance pi
   WHERE pi.state = 'ACTIVE'
     AND NOT EXISTS (SELECT 1 FROM job j WHERE j.process_instance_key = pi.key)
     AND NOT EXISTS (SELECT 1 FROM timer t WHERE t.process_instance_key = pi.key)
     AND NOT EXISTS (SELECT 1 FROM message_subscription m WHERE m.process_instance_key = pi.key)
     AND NOT EXISTS (SELECT 1 FROM signal_subscription s WHERE s.process_instance_key = pi.key)
     AND NOT EXISTS (SELECT 1 FROM user_task u WHERE u.process_instance_key = pi.key AND u.state = 'CREATED')
     AND NOT EXISTS (SELECT 1 FROM incident i WHERE i.process_instance_key = pi.key AND i.state = 'ACTIVE')
     AND NOT EXISTS (SELECT 1 FROM process_instance c WHERE c.parent_process_instance_key = pi.key AND c.state = 'ACTIVE')
   LIMIT 20`;

/** Element transitions and job outcomes recorded more than once. */
const TWICE_SQL = `
  SELECT value_type, intent, record_key::text AS key, count(*)::int AS n
    FROM history_entry
   WHERE record_key IS NOT NULL
     AND ((value_type = 'PROCESS_INSTANCE' AND intent IN ('ELEMENT_ACTIVATED', 'ELEMENT_COMPLETED', 'ELEMENT_TERMINATED'))
       OR (value_type = 'JOB' AND intent IN ('CREATED', 'COMPLETED', 'ERROR_THROWN'))
       OR (value_type = 'TIMER' AND intent = 'TRIGGERED'))
   GROUP BY 1, 2, 3 HAVING count(*) > 1
   LIMIT 20`;

/** Rows whose tenant differs from their instance's tenant. */
const TENANT_SQL = ['job', 'variable', 'element_instance', 'user_task', 'incident', 'message_subscription', 'timer']
  .map(
    (t) => `SELECT '${t}' AS tbl, count(*)::int AS n FROM ${t} x JOIN process_instance pi ON pi.key = x.process_instance_key
             WHERE x.tenant_id <> pi.tenant_id`,
  )
  .concat(`SELECT 'called instance' AS tbl, count(*)::int AS n FROM process_instance c JOIN process_instance p ON p.key = c.parent_process_instance_key WHERE c.tenant_id <> p.tenant_id`)
  .join(' UNION ALL ');

/**
 * Checks I1–I6 on `databaseUrl` after a test.
 * @param {string} databaseUrl
 * @param {{ starts?: {key: string, requestId: string}[], completions?: {jobKey: string, requestId: string}[], requests?: string[], kafka?: boolean, settleMs?: number, tenantChecks?: () => Promise<string[]> }} acked
 *   what the engine acknowledged; `requests`: other acknowledged changing requests' ids
 * @returns {Promise<Record<string, { ok: boolean, checked: number, detail?: string }>>}
 */
export async function checkInvariants(databaseUrl, acked) {
  const starts = acked.starts ?? [];
  const completions = acked.completions ?? [];
  const requests = [...starts.map((s) => s.requestId), ...completions.map((c) => c.requestId), ...(acked.requests ?? [])];
  return withClient(databaseUrl, async (c) => {
    const out = {};
    const one = async (sql, params) => (await c.query(sql, params)).rows;

    // I1: every acknowledged start and completion is durable.
    const startKeys = [...new Set(starts.map((s) => s.key))];
    const [{ found }] = await one(`SELECT count(*)::int AS found FROM process_instance WHERE key = ANY($1::bigint[])`, [startKeys]);
    const jobKeys = completions.map((x) => x.jobKey);
    const [{ done }] = await one(
      `SELECT count(DISTINCT record_key)::int AS done FROM history_entry WHERE value_type = 'JOB' AND intent = 'COMPLETED' AND record_key = ANY($1::bigint[])`,
      [jobKeys],
    );
    const lost = startKeys.length - found + (new Set(jobKeys).size - done);
    out.I1 = { ok: lost === 0, checked: startKeys.length + jobKeys.length, detail: lost ? `${startKeys.length - found} starts and ${new Set(jobKeys).size - done} completions missing` : undefined };

    // I2: no stuck token. Commands still in flight (a timer due, a relay pass) get a few seconds.
    let stuck = [];
    const settleUntil = Date.now() + (acked.settleMs ?? 10_000);
    for (;;) {
      stuck = await one(STUCK_SQL);
      if (stuck.length === 0 || Date.now() > settleUntil) break;
      await sleep(500);
    }
    const [{ active }] = await one(`SELECT count(*)::int AS active FROM process_instance WHERE state = 'ACTIVE'`);
    out.I2 = { ok: stuck.length === 0, checked: active, detail: stuck.length ? `stuck: ${stuck.map((s) => `${s.process}/${s.key}`).join(', ')}` : undefined };

    // I3: no transition twice.
    const twice = await one(TWICE_SQL);
    const [{ records }] = await one(`SELECT count(*)::int AS records FROM history_entry`);
    out.I3 = { ok: twice.length === 0, checked: records, detail: twice.length ? twice.map((t) => `${t.value_type}.${t.intent} ${t.key} ×${t.n}`).join(', ') : undefined };

    // I4: every outbox row delivered (the relay deletes a row once Kafka has it) and applied once
    // (no job completed twice — I3 — and no consumed id recorded twice, which the key forbids).
    let pending = 0;
    const outboxUntil = Date.now() + (acked.kafka ? 60_000 : 0);
    for (;;) {
      [{ pending }] = await one(`SELECT count(*)::int AS pending FROM outbox`);
      if (pending === 0 || Date.now() > outboxUntil) break;
      await sleep(500);
    }
    const [{ consumed }] = await one(`SELECT count(*)::int AS consumed FROM consumed_message`);
    out.I4 = { ok: pending === 0 || !acked.kafka, checked: consumed, detail: pending && acked.kafka ? `${pending} outbox rows not delivered` : undefined };

    // I5: one audit entry per acknowledged change (matched by X-Request-Id), and never two.
    const audit = await one(
      `SELECT request_id, count(*)::int AS n FROM audit_entry WHERE outcome = 'SUCCEEDED' AND request_id = ANY($1::text[]) GROUP BY 1`,
      [requests],
    );
    const missing = requests.length - audit.length;
    const doubled = audit.filter((a) => a.n > 1).length;
    const [{ dup }] = await one(
      `SELECT count(*)::int AS dup FROM (SELECT request_id FROM audit_entry WHERE outcome = 'SUCCEEDED' AND request_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1) d`,
    );
    out.I5 = {
      ok: missing === 0 && doubled === 0 && dup === 0,
      checked: requests.length,
      detail: missing || doubled || dup ? `${missing} acknowledged changes without an entry, ${Math.max(doubled, dup)} with two or more` : undefined,
    };

    // I6: no row visible in another tenant: every row carries its instance's tenant, and what a
    // test saw through the API (tenantChecks) stayed in its tenant.
    const mixed = (await one(TENANT_SQL)).filter((r) => r.n > 0);
    const seen = acked.tenantChecks ? await acked.tenantChecks() : [];
    out.I6 = {
      ok: mixed.length === 0 && seen.length === 0,
      checked: active,
      detail: mixed.length || seen.length ? [...mixed.map((m) => `${m.tbl}: ${m.n} rows in a foreign tenant`), ...seen].join('; ') : undefined,
    };
    return out;
  });
}
