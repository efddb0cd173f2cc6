import { AuditLog, type OspreyEngine } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
import { AuditHooks } from './audit-hooks';
import { AuditSealerLoop } from './audit-sealer.loop';
import { AUDIT_LOG } from './audit.tokens';

/**
 * The audit log (docs/audit.md): an entry per state-changing request in the request's own
 * transaction ({@link AuditHooks}), chained by {@link AuditSealerLoop}, read by `AuditController`.
 * Add {@link AUDIT_PROVIDERS} to the app module's providers and `AuditController` to its controllers.
 */
export const AUDIT_PROVIDERS = [
  { provide: AUDIT_LOG, useFactory: (engine: OspreyEngine) => new AuditLog(engine.db), inject: [ENGINE] },
  AuditHooks,
  AuditSealerLoop,
];

export { AuditController } from './audit.controller';
export { loadAuditConfig, type AuditConfig } from './audit-config';
