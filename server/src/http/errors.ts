import { isGtcxError } from '@gtcx/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pathPattern, type SpecOperation } from '../spec/operations.js';
import { OffContractResponse } from './operations.js';
import { codeForStatus, type FieldError, sendProblem } from './problem.js';

interface ValidationIssue {
  instancePath: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Every error becomes an RFC 9457 problem; nothing else ever leaves the server on failure. */
export function registerErrorHandling(app: FastifyInstance, operations: SpecOperation[]): void {
  const oauth = oauthErrorOperations(operations);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const operationId = request.routeOptions.config?.operation?.operationId;
    if (operationId !== undefined && oauth.has(operationId)) {
      const answered = answerOAuthError(error, request, reply);
      if (answered !== undefined) return answered;
    }
    return answerError(error, request, reply);
  });
  const routes = operations.map((operation) => ({
    pattern: pathPattern(operation.path),
    method: operation.method.toUpperCase(),
  }));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?', 1)[0] ?? request.url;
    const allowed = routes.filter((route) => route.pattern.test(path)).map((route) => route.method);
    if (allowed.length > 0) {
      if (allowed.includes('GET')) allowed.push('HEAD');
      reply.header('allow', allowed.join(', '));
      return sendProblem(request, reply, {
        code: 'method_not_allowed',
        detail: `${request.method} is not allowed on ${path}`,
        hint: `Use ${allowed.join(', ')}`,
      });
    }
    return sendProblem(request, reply, {
      code: 'not_found',
      detail: `No route for ${request.method} ${path}`,
      hint: 'See /openapi.yaml or /docs for the operations this server offers',
    });
  });
}

function answerError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.validation !== undefined) {
    const errors = fieldErrors(error.validationContext ?? 'request', error.validation as ValidationIssue[]);
    request.log.info({ errors }, 'request rejected: violates the contract');
    return sendProblem(request, reply, {
      code: 'validation_failed',
      detail: `The request does not match the contract: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
      hint: 'Fix the named fields; /openapi.yaml describes every operation',
      errors,
    });
  }
  if (isGtcxError(error)) {
    const status = error.httpStatus;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: error.code, message: error.message }, 'request refused');
    const errors = Array.isArray(error.details?.errors) ? (error.details.errors as FieldError[]) : undefined;
    return sendProblem(request, reply, { code: error.code, detail: error.message, hint: error.hint, errors });
  }
  if (error instanceof OffContractResponse) {
    request.log.error({ operationId: error.operationId, issues: error.issues }, error.message);
    return internal(request, reply);
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    request.log.info({ code: error.code, message: error.message }, 'request refused');
    return sendProblem(request, reply, { code: codeForStatus(status), status, detail: error.message });
  }
  request.log.error({ err: error }, 'request failed');
  return internal(request, reply);
}

/**
 * The OAuth endpoints (RFC 6749 section 5.2, RFC 8628, RFC 7009) declare their 400 as the RFC's own
 * `{ error, error_description }` JSON: the clients that call them parse nothing else.
 */
function oauthErrorOperations(operations: SpecOperation[]): Set<string> {
  return new Set(
    operations
      .filter((operation) => {
        const content = operation.responses['400']?.content ?? {};
        return 'application/json' in content && !('application/problem+json' in content);
      })
      .map((operation) => operation.operationId),
  );
}

function answerOAuthError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply | undefined {
  let description: string;
  let code = 'invalid_request';
  if (error.validation !== undefined) {
    const issues = error.validation as ValidationIssue[];
    const errors = fieldErrors(error.validationContext ?? 'request', issues);
    description = errors.map((e) => `${e.field} ${e.message}`).join('; ');
    // RFC 6749 5.2 names its own error for a grant the server does not know; the contract's enum lists them.
    if (issues.length === 1 && issues[0]?.keyword === 'enum' && issues[0].instancePath === '/grant_type') {
      code = 'unsupported_grant_type';
    }
  } else if (isGtcxError(error) && error.httpStatus === 400) {
    description = error.message;
  } else if (!isGtcxError(error) && error.statusCode === 400) {
    description = error.message;
  } else {
    return undefined;
  }
  request.log.info({ description }, 'OAuth request rejected');
  return reply
    .code(400)
    .header('cache-control', 'no-store')
    .type('application/json')
    .send({ error: code, error_description: description });
}

/** Never the stack or message of an unexpected error: they stay in the log under the request id. */
function internal(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(request, reply, {
    code: 'internal',
    detail: `The server failed to answer; request id ${request.id} identifies the failure in its log.`,
    hint: 'Retry later; if it persists, report the request id to the server operator',
  });
}

/** `querystring.limit`, `body.items.0.name`: the part of the request, then the path inside it. */
export function fieldErrors(part: string, issues: ValidationIssue[]): FieldError[] {
  return issues.map((issue) => {
    const segments = issue.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
    const missing = issue.params?.missingProperty ?? issue.params?.additionalProperty;
    if (typeof missing === 'string') segments.push(missing);
    return { field: [part, ...segments].join('.'), message: issue.message ?? 'is invalid' };
  });
}
