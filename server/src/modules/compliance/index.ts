import type { ServerModule } from '../types.js';
import { complianceMigrations } from './migrations.js';
import { complianceHandlers } from './routes.js';

export { type AuditActor, type AuditEventInput, auditContext, recordAuditEvent } from './audit.js';
export {
  type AuditEvent,
  type AuditEventList,
  type AuditFilters,
  type AuditPage,
  listAuditEvents,
} from './audit-log.js';

/** The audit log (and, later, policies and checks). */
export const complianceModule: ServerModule = {
  name: 'compliance',
  handlers: complianceHandlers,
  migrations: complianceMigrations,
};
