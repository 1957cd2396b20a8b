export { type BuildAppOptions, buildApp, listUnimplementedOperations } from './app.js';
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
export { type LoadedSpec, loadOpenApiDocument, locateOpenApiDocument } from './spec/load.js';
