import type { MigrationSet } from '@gtcx/core';
import { monitoringModule } from './monitoring/index.js';
import { packsModule } from './packs/index.js';
import { templatesModule } from './templates/index.js';
import type { OperationHandlers, ServerModule } from './types.js';

/** Every server module; later issues add theirs here. */
export const serverModules: ServerModule[] = [monitoringModule, templatesModule, packsModule];

export function moduleHandlers(modules: ServerModule[] = serverModules): OperationHandlers {
  return Object.assign({}, ...modules.map((module) => module.handlers));
}

/** The modules' own tables, migrated by the shared store after core's. */
export function moduleMigrationSets(modules: ServerModule[] = serverModules): MigrationSet[] {
  return modules.flatMap((module) => (module.migrations === undefined ? [] : [module.migrations]));
}
