/**
 * The history records of the jobs in the `bigint[]` parameter `$1`, as a subquery with the
 * columns `position`, `record_key`, `process_instance_key`, `intent` and `"timestamp"`. Not the
 * view `history_entry`: a filter on the view's unnested key could not use an index, so each
 * table is probed through its own — the GIN index on `history_batch.job_keys`, and
 * `history_record_job` for jobs written before ADR 0029.
 */
export const JOB_HISTORY = `(
  SELECT (e.r->>'p')::bigint AS position, (e.r->>'k')::bigint AS record_key, b.process_instance_key, e.r->>'i' AS intent, b."timestamp"
    FROM history_batch b CROSS JOIN LATERAL json_array_elements(b.records) AS e(r)
   WHERE b.job_keys && $1::bigint[] AND e.r->>'t' = 'JOB' AND (e.r->>'k')::bigint = ANY($1::bigint[])
  UNION ALL
  SELECT position, record_key, process_instance_key, intent, "timestamp"
    FROM history_record
   WHERE value_type = 'JOB' AND record_key = ANY($1::bigint[]))`;
