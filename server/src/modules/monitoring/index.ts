import type { ServerModule } from '../types.js';
import { monitoringHandlers } from './routes.js';

export const monitoringModule: ServerModule = { name: 'monitoring', handlers: monitoringHandlers };
