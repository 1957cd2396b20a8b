import type { ServerModule } from '../types.js';
import { registerTemplateReferenceGuard, templatesHandlers } from './routes.js';

export const templatesModule: ServerModule = {
  name: 'templates',
  handlers: templatesHandlers,
  register: registerTemplateReferenceGuard,
};
