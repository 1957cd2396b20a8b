import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOf } from '../../auth/request.js';
import { auditContext } from '../compliance/audit.js';
import { etagOf, noneMatch } from '../packs/etag.js';
import type { AppContext, OperationHandlers } from '../types.js';
import type { PageQuery } from './pages.js';
import { createUsersService, type UsersActions, type UsersService } from './service.js';

const services = new WeakMap<AppContext, UsersService>();

/** One service per app. */
export function usersServiceFor(ctx: AppContext): UsersService {
  let service = services.get(ctx);
  if (service === undefined) {
    service = createUsersService({ store: ctx.store });
    services.set(ctx, service);
  }
  return service;
}

interface Params {
  username: string;
  orgName: string;
  teamName: string;
  invitationId: string;
}

/**
 * The users-tagged operations but getCurrentUser (the auth module answers who the token is for). The
 * auth gate checked the token's scope; the service checks the caller's rights to the resource.
 */
export const usersHandlers: OperationHandlers = {
  listUsers: ({ request, ctx }) => actions(request, ctx).listUsers(page(request)),

  createUser: async ({ request, reply, ctx }) => {
    const body = request.body as Parameters<UsersActions['createUser']>[0];
    const { answer } = await actions(request, ctx).createUser(body, idempotencyKey(request));
    return created(reply, `/v1/users/${answer.username}`, answer);
  },

  getUser: async ({ request, reply, ctx }) =>
    conditional(request, reply, await actions(request, ctx).getUser(params(request).username)),

  updateUser: async ({ request, reply, ctx }) => {
    const patch = request.body as Parameters<UsersActions['updateUser']>[1];
    const user = await actions(request, ctx).updateUser(params(request).username, patch, ifMatch(request));
    return tagged(reply, user);
  },

  deleteUser: async ({ request, reply, ctx }) => {
    await actions(request, ctx).deleteUser(params(request).username, ifMatch(request));
    return reply.code(204).send();
  },

  listOrgs: ({ request, ctx }) => actions(request, ctx).listOrgs(page(request)),

  createOrg: async ({ request, reply, ctx }) => {
    const body = request.body as Parameters<UsersActions['createOrg']>[0];
    const { answer } = await actions(request, ctx).createOrg(body, idempotencyKey(request));
    return created(reply, `/v1/orgs/${answer.name}`, answer);
  },

  getOrg: async ({ request, reply, ctx }) =>
    conditional(request, reply, await actions(request, ctx).getOrg(params(request).orgName)),

  updateOrg: async ({ request, reply, ctx }) => {
    const patch = request.body as Parameters<UsersActions['updateOrg']>[1];
    return tagged(
      reply,
      await actions(request, ctx).updateOrg(params(request).orgName, patch, ifMatch(request)),
    );
  },

  deleteOrg: async ({ request, reply, ctx }) => {
    await actions(request, ctx).deleteOrg(params(request).orgName, ifMatch(request));
    return reply.code(204).send();
  },

  listOrgMembers: ({ request, ctx }) =>
    actions(request, ctx).listOrgMembers(params(request).orgName, page(request)),

  setOrgMember: async ({ request, reply, ctx }) => {
    const { orgName, username } = params(request);
    const { role } = request.body as { role: Parameters<UsersActions['setOrgMember']>[2] };
    const result = await actions(request, ctx).setOrgMember(orgName, username, role);
    return reply.code(result.created ? 201 : 200).send(result.membership);
  },

  removeOrgMember: async ({ request, reply, ctx }) => {
    const { orgName, username } = params(request);
    await actions(request, ctx).removeOrgMember(orgName, username);
    return reply.code(204).send();
  },

  listTeams: ({ request, ctx }) => actions(request, ctx).listTeams(params(request).orgName, page(request)),

  createTeam: async ({ request, reply, ctx }) => {
    const { orgName } = params(request);
    const body = request.body as Parameters<UsersActions['createTeam']>[1];
    const { answer } = await actions(request, ctx).createTeam(orgName, body, idempotencyKey(request));
    return created(reply, `/v1/orgs/${orgName}/teams/${answer.name}`, answer);
  },

  getTeam: async ({ request, reply, ctx }) => {
    const { orgName, teamName } = params(request);
    return conditional(request, reply, await actions(request, ctx).getTeam(orgName, teamName));
  },

  updateTeam: async ({ request, reply, ctx }) => {
    const { orgName, teamName } = params(request);
    const patch = request.body as Parameters<UsersActions['updateTeam']>[2];
    return tagged(reply, await actions(request, ctx).updateTeam(orgName, teamName, patch, ifMatch(request)));
  },

  deleteTeam: async ({ request, reply, ctx }) => {
    const { orgName, teamName } = params(request);
    await actions(request, ctx).deleteTeam(orgName, teamName, ifMatch(request));
    return reply.code(204).send();
  },

  listTeamMembers: ({ request, ctx }) => {
    const { orgName, teamName } = params(request);
    return actions(request, ctx).listTeamMembers(orgName, teamName, page(request));
  },

  getTeamMember: ({ request, ctx }) => {
    const { orgName, teamName, username } = params(request);
    return actions(request, ctx).getTeamMember(orgName, teamName, username);
  },

  setTeamMember: async ({ request, reply, ctx }) => {
    const { orgName, teamName, username } = params(request);
    const { role } = (request.body ?? {}) as { role?: Parameters<UsersActions['setTeamMember']>[3] };
    const result = await actions(request, ctx).setTeamMember(orgName, teamName, username, role);
    return reply.code(result.created ? 201 : 200).send(result.membership);
  },

  removeTeamMember: async ({ request, reply, ctx }) => {
    const { orgName, teamName, username } = params(request);
    await actions(request, ctx).removeTeamMember(orgName, teamName, username);
    return reply.code(204).send();
  },

  listInvitations: ({ request, ctx }) =>
    actions(request, ctx).listInvitations(params(request).orgName, page(request)),

  createInvitation: async ({ request, reply, ctx }) => {
    const { orgName } = params(request);
    const body = request.body as Parameters<UsersActions['createInvitation']>[1];
    const { answer } = await actions(request, ctx).createInvitation(orgName, body, idempotencyKey(request));
    // The answer holds a secret: no cache may keep it.
    reply.header('cache-control', 'no-store');
    const location = `/v1/orgs/${orgName}/invitations/${answer.invitation.id}`;
    return created(reply, location, answer, answer.invitation);
  },

  deleteInvitation: async ({ request, reply, ctx }) => {
    const { orgName, invitationId } = params(request);
    await actions(request, ctx).deleteInvitation(orgName, invitationId);
    return reply.code(204).send();
  },

  acceptInvitation: async ({ request, reply, ctx }) => {
    const { token } = request.body as { token: string };
    const { answer } = await actions(request, ctx).acceptInvitation(token, idempotencyKey(request));
    return reply.code(201).send(answer);
  },
};

function actions(request: FastifyRequest, ctx: AppContext): UsersActions {
  return usersServiceFor(ctx).as(principalOf(request), auditContext(request));
}

function params(request: FastifyRequest): Params {
  return request.params as Params;
}

function page(request: FastifyRequest): PageQuery {
  return request.query as PageQuery;
}

function idempotencyKey(request: FastifyRequest): string | undefined {
  const header = request.headers['idempotency-key'];
  return typeof header === 'string' ? header : undefined;
}

function ifMatch(request: FastifyRequest): string | undefined {
  const header = request.headers['if-match'];
  return typeof header === 'string' ? header : undefined;
}

/** `tagged` is what the ETag covers: the body, or its part without a secret. */
function created(reply: FastifyReply, location: string, body: unknown, tagged: unknown = body): FastifyReply {
  return reply.code(201).header('location', location).header('etag', etagOf(tagged)).send(body);
}

function tagged(reply: FastifyReply, body: unknown): FastifyReply {
  return reply.header('etag', etagOf(body)).send(body);
}

/** A read with its ETag, or 304 when the client already holds it. */
function conditional(request: FastifyRequest, reply: FastifyReply, body: unknown): unknown {
  const etag = etagOf(body);
  reply.header('etag', etag);
  if (noneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return body;
}
