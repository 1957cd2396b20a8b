// gtcx runs this once when a project moves from fastify-service < 1.1.0 to 1.1.0 or later.
// The service now reads PORT; rename HTTP_PORT in the developer's own .env (gitignored, so the
// template update cannot reach it). Running it again changes nothing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const file = '.env';
if (existsSync(file)) {
  const before = readFileSync(file, 'utf8');
  const hasPort = /^PORT=/m.test(before);
  const after = hasPort ? before : before.replace(/^HTTP_PORT=/m, 'PORT=');
  if (after !== before) {
    writeFileSync(file, after);
    console.log('.env: renamed HTTP_PORT to PORT');
  }
}
