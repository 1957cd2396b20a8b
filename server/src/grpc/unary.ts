import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { toGrpcError } from './errors.js';

/** A unary handler from an async function; failures answer their GtcxError's status and message. */
export function unary<Request, Response>(
  logError: ((error: unknown) => void) | undefined,
  answer: (request: Request) => Promise<Response>,
): (call: ServerUnaryCall<Request, Response>, callback: sendUnaryData<Response>) => void {
  return (call, callback) => {
    answer(call.request).then(
      (response) => callback(null, response),
      (error: unknown) => callback(toGrpcError(error, logError)),
    );
  };
}
