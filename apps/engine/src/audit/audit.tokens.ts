/** Injection token of the store's `AuditLog`. */
export const AUDIT_LOG = Symbol('AUDIT_LOG');
