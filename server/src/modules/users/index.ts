import type { ServerModule } from '../types.js';

/** Users, orgs, teams, memberships and invitations. */
export const usersModule: ServerModule = {
  name: 'users',
  handlers: {},
};
