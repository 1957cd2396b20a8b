import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The verification URI of the device login (RFC 8628): a page where a person signs in and approves
 * or denies the code `gtcx login` printed. It only calls the public API (POST /v1/sessions, then
 * POST /v1/device-approvals), so it holds no logic of its own. Approving is what an attacker would
 * trick someone into, so the page refuses to be framed and runs only its own script.
 */
const assets = {
  'page.html': 'text/html; charset=utf-8',
  'page.js': 'text/javascript; charset=utf-8',
  'page.css': 'text/css; charset=utf-8',
} as const;

const securityHeaders = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

export function registerDevicePage(app: FastifyInstance): void {
  const read = (name: keyof typeof assets) =>
    readFileSync(new URL(`../../assets/device/${name}`, import.meta.url), 'utf8');
  const files = Object.fromEntries(
    Object.keys(assets).map((name) => [name, read(name as keyof typeof assets)]),
  );
  const serve = (name: keyof typeof assets) => async (_: unknown, reply: FastifyReply) =>
    reply.headers(securityHeaders).type(assets[name]).send(files[name]);
  app.get('/device', serve('page.html'));
  app.get('/device/page.js', serve('page.js'));
  app.get('/device/page.css', serve('page.css'));
}
