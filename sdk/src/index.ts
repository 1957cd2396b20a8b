export { type ClientOptions, createClient, type GtcxClient, type TokenSource } from './client.js';
export type { components, operations, paths } from './generated/openapi.js';
