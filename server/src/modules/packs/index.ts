import type { ServerModule } from '../types.js';
import { packsMigrations } from './migrations.js';
import { packsHandlers, registerPublishLimit } from './routes.js';

export { authorizePackChange, type PackChange, scopeOf } from './authorize.js';
export { packServiceImplementation, packsGrpcServices } from './grpc.js';
export type { SearchPacksQuery } from './search.js';
export {
  createPacksService,
  defaultMaxTarballBytes,
  type PacksService,
  type PacksServiceOptions,
  type PackTarball,
  type Precondition,
  type PublishInput,
  type PublishResult,
} from './service.js';
export type { PackPage, PackSummaryView } from './views.js';

/** The pack registry: publish, packuments, tarballs, dist-tags, deprecation, yank, search, signing keys. */
export const packsModule: ServerModule = {
  name: 'packs',
  handlers: packsHandlers,
  migrations: packsMigrations,
  register: registerPublishLimit,
};
