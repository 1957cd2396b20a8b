import type { FastifyInstance } from 'fastify';

/**
 * close() only reaps idle keep-alive sockets; a request in flight when it starts would leave its
 * socket open (and close() waiting) after answering. Answers sent while draining say
 * `Connection: close`, so each such socket ends with its last response.
 */
export function closeConnectionsWhenDraining(app: FastifyInstance): void {
  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (draining) reply.header('connection', 'close');
    return payload;
  });
}
