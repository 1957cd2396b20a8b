/**
 * One error family for every layer. The code is stable (tests, scripts and the CLI's exit codes
 * depend on it); the message says what went wrong and the hint says how to fix it.
 */
export const errorCodes = {
  validation_failed: { http: 400, grpc: 3, exit: 2 },
  bad_request: { http: 400, grpc: 3, exit: 2 },
  config_invalid: { http: 500, grpc: 9, exit: 78 },
  unauthenticated: { http: 401, grpc: 16, exit: 77 },
  forbidden: { http: 403, grpc: 7, exit: 77 },
  not_found: { http: 404, grpc: 5, exit: 66 },
  method_not_allowed: { http: 405, grpc: 12, exit: 2 },
  not_acceptable: { http: 406, grpc: 3, exit: 2 },
  conflict: { http: 409, grpc: 6, exit: 65 },
  gone: { http: 410, grpc: 5, exit: 66 },
  precondition_failed: { http: 412, grpc: 9, exit: 65 },
  payload_too_large: { http: 413, grpc: 8, exit: 65 },
  unsupported_media_type: { http: 415, grpc: 3, exit: 2 },
  rate_limited: { http: 429, grpc: 8, exit: 75 },
  internal: { http: 500, grpc: 13, exit: 70 },
  not_implemented: { http: 501, grpc: 12, exit: 69 },
  unavailable: { http: 503, grpc: 14, exit: 69 },
  store_unreachable: { http: 503, grpc: 14, exit: 69 },
  data_dir_not_writable: { http: 500, grpc: 9, exit: 73 },
  port_in_use: { http: 500, grpc: 9, exit: 69 },
  server_unreachable: { http: 502, grpc: 14, exit: 69 },
  unknown_command: { http: 400, grpc: 3, exit: 127 },
  unsafe_path: { http: 400, grpc: 3, exit: 65 },
  /** An archive broke an extraction rule (traversal, links, devices, caps): it is never unpacked. */
  unsafe_archive: { http: 400, grpc: 3, exit: 65 },
  /** Downloaded or cached bytes do not match their SRI integrity; gRPC DATA_LOSS. */
  integrity_mismatch: { http: 400, grpc: 15, exit: 65 },
  /** No valid registry signature from a known, unexpired key. */
  signature_invalid: { http: 400, grpc: 9, exit: 65 },
} as const satisfies Record<string, { http: number; grpc: number; exit: number }>;

export type GtcxErrorCode = keyof typeof errorCodes;

export interface GtcxErrorOptions {
  /** How to fix it, in one line, addressed to the person who must act. */
  hint?: string;
  /** Machine-readable specifics, e.g. the offending fields of a validation error. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class GtcxError extends Error {
  override readonly name = 'GtcxError';
  readonly code: GtcxErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: GtcxErrorCode, message: string, options: GtcxErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  get httpStatus(): number {
    return errorCodes[this.code].http;
  }

  get grpcStatus(): number {
    return errorCodes[this.code].grpc;
  }

  get exitCode(): number {
    return errorCodes[this.code].exit;
  }

  toJSON(): { code: GtcxErrorCode; message: string; hint?: string; details?: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

export function isGtcxError(value: unknown): value is GtcxError {
  return value instanceof GtcxError;
}
