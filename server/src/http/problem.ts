import { STATUS_CODES } from 'node:http';
import { errorCodes, type GtcxErrorCode } from '@gtcx/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const problemContentType = 'application/problem+json';

export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details with the gtcx extensions the contract's Problem schema declares. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId: string;
  hint?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export interface ProblemInput {
  code: GtcxErrorCode;
  detail: string;
  /** Defaults to the code's HTTP status. */
  status?: number;
  hint?: string | undefined;
  errors?: FieldError[] | undefined;
  extensions?: Record<string, unknown>;
}

export function problemFor(request: FastifyRequest, input: ProblemInput): Problem {
  const status = input.status ?? errorCodes[input.code].http;
  return {
    type: `https://gtcx.dev/problems/${input.code}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: input.detail,
    instance: request.url,
    code: input.code,
    requestId: request.id,
    ...(input.hint === undefined ? {} : { hint: input.hint }),
    ...(input.errors === undefined ? {} : { errors: input.errors }),
    ...input.extensions,
  };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, input: ProblemInput): FastifyReply {
  const problem = problemFor(request, input);
  return reply.code(problem.status).type(problemContentType).send(problem);
}

const codesByStatus: Record<number, GtcxErrorCode> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  410: 'gone',
  412: 'precondition_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  501: 'not_implemented',
  503: 'unavailable',
};

/** The stable code for a status when the error did not name one (Fastify's own 4xx errors). */
export function codeForStatus(status: number): GtcxErrorCode {
  return codesByStatus[status] ?? (status >= 500 ? 'internal' : 'bad_request');
}
