/**
 * gtcx update as a library: planUpdate works out the 3-way merge of the project with a newer
 * template version (a dry run is just the plan), applyUpdate commits it.
 */
export { type ApplyUpdateOptions, applyUpdate, type UpdateResult } from './update-apply.js';
export type { UpdateAction } from './update-decide.js';
export { THEIRS_SUFFIX } from './update-decide.js';
export {
  crossedMigrations,
  type PlanUpdateOptions,
  planUpdate,
  type UpdateEntry,
  type UpdatePlan,
} from './update-plan.js';
