export { type BuildAppOptions, buildApp, listUnimplementedOperations } from './app.js';
export { bootstrapServer } from './bootstrap.js';
export {
  defaultGrpcPort,
  defaultPort,
  type LogLevel,
  logLevels,
  resolveServerConfig,
  type ServerConfig,
  type ServerConfigInput,
  serverVersion,
} from './config.js';
export { type GrpcServerOptions, type RunningGrpcServer, startGrpcServer } from './grpc/server.js';
export {
  migrateStore,
  openServerStore,
  type RunningServer,
  type RunServerOptions,
  runServer,
  type StartServerOptions,
  startServer,
} from './main.js';
export type {
  AppContext,
  OperationCall,
  OperationHandler,
  OperationHandlers,
  ServerModule,
} from './modules/types.js';
export { createUsersService, minPasswordLength, type UsersService } from './modules/users/index.js';
export { type LoadedSpec, loadOpenApiDocument, locateOpenApiDocument } from './spec/load.js';
