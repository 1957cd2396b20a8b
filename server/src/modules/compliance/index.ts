import type { ServerModule } from '../types.js';
import { complianceMigrations } from './migrations.js';

export { type AuditActor, type AuditEventInput, auditContext, recordAuditEvent } from './audit.js';

/** The audit log (and, later, policies and checks). */
export const complianceModule: ServerModule = {
  name: 'compliance',
  handlers: {},
  migrations: complianceMigrations,
};
