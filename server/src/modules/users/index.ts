import type { ServerModule } from '../types.js';
import { usersMigrations } from './migrations.js';
import { usersHandlers } from './routes.js';

export { type BootstrapAdminOptions, type BootstrapOutcome, bootstrapAdmin } from './bootstrap.js';
export { type AuditContext, noAuditContext } from './context.js';
export type { IdempotentResult } from './idempotency.js';
export { invitationTokenPrefix } from './invitations.js';
export type { Page, PageQuery } from './pages.js';
export { minPasswordLength } from './passwords.js';
export { usersServiceFor } from './routes.js';
export {
  createUsersService,
  type UsersActions,
  type UsersService,
  type UsersServiceOptions,
} from './service.js';
export type { UsersTables } from './tables.js';
export type { NewServiceAccount, NewUser } from './users.js';
export type { Membership, Org, Team, TeamMembership, User, UserRecord } from './views.js';

/** Users, orgs, teams, memberships and invitations. */
export const usersModule: ServerModule = {
  name: 'users',
  handlers: usersHandlers,
  migrations: usersMigrations,
};
