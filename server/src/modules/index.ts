import type { MigrationSet } from '@gtcx/core';
import { authModule } from './auth/index.js';
import { complianceModule } from './compliance/index.js';
import { monitoringModule } from './monitoring/index.js';
import { packsModule } from './packs/index.js';
import { templatesModule } from './templates/index.js';
import type { OperationHandlers, ServerModule } from './types.js';
import { usersModule } from './users/index.js';

/**
 * Every server module, in migration order: users first (others reference its rows), then auth and
 * compliance, then the modules whose changes those two authorize and audit.
 */
export const serverModules: ServerModule[] = [
  monitoringModule,
  usersModule,
  authModule,
  complianceModule,
  templatesModule,
  packsModule,
];

export function moduleHandlers(modules: ServerModule[] = serverModules): OperationHandlers {
  return Object.assign({}, ...modules.map((module) => module.handlers));
}

/** The modules' own tables, migrated by the shared store after core's. */
export function moduleMigrationSets(modules: ServerModule[] = serverModules): MigrationSet[] {
  return modules.flatMap((module) => (module.migrations === undefined ? [] : [module.migrations]));
}
