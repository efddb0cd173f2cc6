/**
 * The audit log: entries written in the request's transaction ({@link AuditLog}), chained by
 * {@link AuditSealer}, checked by {@link verifyAuditChain}. See docs/audit.md.
 */
export * from './audit-scope';
export * from './audit-chain';
export * from './audit-log';
export * from './audit-sealer';
export * from './audit-verifier';
