import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { isGtcxError } from '@gtcx/core';

/** The status a gRPC handler answers with: the GtcxError's code mapped, its message as the details. */
export type GrpcError = Partial<ServiceError> & { code: status; details: string };

/**
 * A GtcxError keeps its status, message, stable code and hint (the last two as `gtcx-code` and
 * `gtcx-hint` trailers); anything else is INTERNAL without its message, which stays in the log.
 */
export function toGrpcError(error: unknown, log?: (error: unknown) => void): GrpcError {
  if (!isGtcxError(error)) {
    log?.(error);
    return { code: status.INTERNAL, details: 'The server failed to answer; its log has the details' };
  }
  const metadata = new Metadata();
  metadata.set('gtcx-code', error.code);
  if (error.hint !== undefined) metadata.set('gtcx-hint', asciiOnly(error.hint));
  return { code: error.grpcStatus, details: error.message, metadata };
}

/** Metadata values must be printable ASCII (a `-bin` key would be needed otherwise). */
function asciiOnly(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}
