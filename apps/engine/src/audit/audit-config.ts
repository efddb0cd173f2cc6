/** How long audit entries are kept. */
export interface AuditConfig {
  /**
   * `OSPREY_AUDIT_RETENTION_DAYS` — sealed entries older than this are deleted behind a
   * `RETENTION` checkpoint; unset = keep forever. @default undefined
   */
  readonly retentionDays?: number;
}

/** Reads `OSPREY_AUDIT_*`, adding to `problems`. */
export function loadAuditConfig(env: NodeJS.ProcessEnv, problems: string[]): AuditConfig {
  const raw = env.OSPREY_AUDIT_RETENTION_DAYS?.trim();
  if (!raw) return {};
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > 36_500) {
    problems.push(`OSPREY_AUDIT_RETENTION_DAYS: Expected a whole number of days between 1 and 36500, but found '${raw}'`);
    return {};
  }
  return { retentionDays: days };
}
