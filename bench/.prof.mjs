import { createClient } from '@gtcx/sdk';
const body = JSON.stringify({ items: [{ id: 'x' }], nextCursor: null });
const answer = async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json', 'content-length': String(body.length) } });
const c = createClient({ baseUrl: 'http://127.0.0.1:1', token: 'x', fetch: answer });
for (let i = 0; i < 30000; i++) await c.GET('/v1/templates', { params: { query: { limit: 1 } } });
