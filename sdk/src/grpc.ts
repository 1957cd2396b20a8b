import {
  type CallOptions,
  Channel,
  type ChannelCredentials,
  type ClientUnaryCall,
  credentials,
  InterceptingCall,
  type Interceptor,
  Metadata,
  type ServiceError,
  status,
} from '@grpc/grpc-js';
import { currentToken, type TokenSource } from './auth.js';
import { GtcxSdkError } from './errors.js';
import { checkedTimeout } from './options.js';
import {
  HealthClient,
  PackServiceClient,
  RenderServiceClient,
  TemplateServiceClient,
  TokenServiceClient,
} from './proto.js';

/** TLS material for a server whose certificate the system roots do not vouch for, or for mutual TLS. */
export interface GrpcTlsOptions {
  /** PEM root certificate(s) to trust instead of the system roots. */
  ca?: string | Buffer;
  /** PEM client certificate chain and key, for mutual TLS. */
  cert?: string | Buffer;
  key?: string | Buffer;
}

export interface GrpcClientOptions {
  /** `host:port` of the server's gRPC listener. */
  address: string;
  /** A `gtcx_` personal access token or a JWT, or a function answering one; sent as `authorization: Bearer` metadata. */
  token?: TokenSource;
  /**
   * `true` (system roots), TLS material, or `false` for plaintext. By default plaintext for a
   * loopback address (a server on this machine) and TLS for anything else, so a token never
   * crosses a network in the clear unless asked to.
   */
  tls?: boolean | GrpcTlsOptions;
  /** Channel credentials built by the caller; they take precedence over `tls`. */
  credentials?: ChannelCredentials;
  /** The deadline of each unary call that sets none, in milliseconds; 0 for none. Default 30 000. */
  deadlineMs?: number;
}

export interface GrpcClients {
  health: HealthClient;
  packs: PackServiceClient;
  templates: TemplateServiceClient;
  renders: RenderServiceClient;
  tokens: TokenServiceClient;
  /** Closes the channel all the clients share. */
  close(): void;
}

const defaultDeadlineMs = 30_000;

/**
 * One client per gtcx.v1 service plus grpc.health.v1 (the ts-proto service clients), all over one
 * shared channel, with the token as bearer metadata and a default deadline on unary calls. Call
 * them with their callbacks, or through {@link grpcCall} for a promise and a typed error.
 *
 * @example
 * const grpc = createGrpcClient({ address: 'gtcx.example.com:4801', token: process.env.GTCX_TOKEN });
 * const { pack } = await grpcCall(grpc.packs, 'getPack', { name: '@acme/web' });
 * grpc.close();
 */
export function createGrpcClient(options: GrpcClientOptions): GrpcClients {
  const channelCredentials = options.credentials ?? channelCredentialsFor(options);
  const channel = new Channel(options.address, channelCredentials, {});
  const deadlineMs =
    options.deadlineMs === undefined
      ? defaultDeadlineMs
      : checkedTimeout(options.deadlineMs, 'createGrpcClient', 'deadlineMs');
  const interceptors = [deadlineDefault(deadlineMs)];
  // Call credentials cannot be composed with insecure channel credentials, so the token travels
  // through an interceptor instead.
  if (options.token !== undefined) interceptors.push(bearerMetadata(options.token));
  const clientOptions = { channelOverride: channel, interceptors };
  return {
    health: new HealthClient(options.address, channelCredentials, clientOptions),
    packs: new PackServiceClient(options.address, channelCredentials, clientOptions),
    templates: new TemplateServiceClient(options.address, channelCredentials, clientOptions),
    renders: new RenderServiceClient(options.address, channelCredentials, clientOptions),
    tokens: new TokenServiceClient(options.address, channelCredentials, clientOptions),
    close: () => channel.close(),
  };
}

type UnaryMethod<Request, Response> = (
  request: Request,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Response) => void,
) => ClientUnaryCall;

/** A unary method's request and response, read from its last (fullest) overload. */
type UnaryTypes<Method> = Method extends (
  request: infer Request,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: infer Response) => void,
) => ClientUnaryCall
  ? { request: Request; response: Response }
  : never;

/** The names of a client's unary methods (`getPack`, `listPacks`, ...). */
export type UnaryMethodName<Client> = {
  [K in keyof Client]: UnaryTypes<Client[K]> extends never ? never : K;
}[keyof Client];
type RequestOf<Method> = UnaryTypes<Method>['request'];
type ResponseOf<Method> = UnaryTypes<Method>['response'];

export interface GrpcCallOptions {
  /** This call's deadline in milliseconds, instead of the client's default; 0 for none. */
  deadlineMs?: number;
  metadata?: Metadata;
  /** Cancels the call; it then rejects with code `aborted`. */
  signal?: AbortSignal;
}

/**
 * A unary call as a promise: the response, or a {@link GtcxGrpcError} carrying the server's gtcx
 * code and hint (sent as `gtcx-code` and `gtcx-hint` metadata).
 */
export function grpcCall<Client extends object, Name extends UnaryMethodName<Client>>(
  client: Client,
  method: Name,
  request: RequestOf<Client[Name]>,
  options: GrpcCallOptions = {},
): Promise<ResponseOf<Client[Name]>> {
  const call = client[method] as unknown as UnaryMethod<RequestOf<Client[Name]>, ResponseOf<Client[Name]>>;
  const { signal } = options;
  // A throw in the executor (a deadlineMs that is not a number) rejects, as every other failure does.
  return new Promise((resolve, reject) => {
    const callOptions = deadlineOf(String(method), options.deadlineMs);
    if (signal?.aborted) {
      reject(aborted(String(method), signal));
      return;
    }
    const onAbort = () => pending.cancel();
    const pending = call.call(
      client,
      request,
      options.metadata ?? new Metadata(),
      callOptions,
      (error, response) => {
        signal?.removeEventListener('abort', onAbort);
        if (error === null) resolve(response);
        else if (error.code === status.CANCELLED && signal?.aborted) reject(aborted(String(method), signal));
        else reject(GtcxGrpcError.from(String(method), error));
      },
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The call's own deadline, when it sets one; 0 means none for this call, even with a client default. */
function deadlineOf(method: string, deadlineMs: number | undefined): Partial<CallOptions> {
  if (deadlineMs === undefined) return {};
  const ms = checkedTimeout(deadlineMs, method, 'deadlineMs');
  return { deadline: ms === 0 ? Number.POSITIVE_INFINITY : Date.now() + ms };
}

/** A gRPC call that failed: `grpcStatus` is the gRPC status code, `code` the gtcx code. */
export class GtcxGrpcError extends GtcxSdkError {
  override readonly name: string = 'GtcxGrpcError';
  readonly grpcStatus: number;
  readonly method: string;

  constructor(
    code: string,
    message: string,
    grpcStatus: number,
    method: string,
    options: { hint?: string | undefined; cause?: unknown },
  ) {
    super(code, message, options);
    this.grpcStatus = grpcStatus;
    this.method = method;
  }

  static from(method: string, error: ServiceError): GtcxGrpcError {
    const code = metadataText(error.metadata, 'gtcx-code') ?? codeForGrpcStatus(error.code);
    const hint = metadataText(error.metadata, 'gtcx-hint');
    return new GtcxGrpcError(code, `${method}: ${error.details || status[error.code]}`, error.code, method, {
      hint:
        hint ??
        (error.code === status.UNAVAILABLE
          ? 'check the address and that the gRPC server is running'
          : undefined),
      cause: error,
    });
  }
}

function aborted(method: string, signal: AbortSignal): GtcxGrpcError {
  return new GtcxGrpcError('aborted', `${method} was aborted`, status.CANCELLED, method, {
    hint: 'the caller aborted the call through its AbortSignal',
    cause: signal.reason,
  });
}

function metadataText(metadata: Metadata | undefined, key: string): string | undefined {
  const value = metadata?.get(key)[0];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function codeForGrpcStatus(code: status): string {
  const codes: Partial<Record<status, string>> = {
    [status.CANCELLED]: 'aborted',
    [status.INVALID_ARGUMENT]: 'bad_request',
    [status.DEADLINE_EXCEEDED]: 'timeout',
    [status.NOT_FOUND]: 'not_found',
    [status.ALREADY_EXISTS]: 'conflict',
    [status.PERMISSION_DENIED]: 'forbidden',
    [status.RESOURCE_EXHAUSTED]: 'rate_limited',
    [status.FAILED_PRECONDITION]: 'precondition_failed',
    [status.UNIMPLEMENTED]: 'not_implemented',
    [status.UNAVAILABLE]: 'server_unreachable',
    [status.UNAUTHENTICATED]: 'unauthenticated',
  };
  return codes[code] ?? 'internal';
}

function channelCredentialsFor(options: GrpcClientOptions): ChannelCredentials {
  const tls = options.tls ?? !isLoopback(options.address);
  if (tls === false) return credentials.createInsecure();
  if (tls === true) return credentials.createSsl();
  const bytes = (value: string | Buffer | undefined) => (value === undefined ? null : Buffer.from(value));
  return credentials.createSsl(bytes(tls.ca), bytes(tls.key), bytes(tls.cert));
}

function isLoopback(address: string): boolean {
  if (address.startsWith('unix:')) return true;
  const target = address.replace(/^[a-z]+:(\/\/\/?)?/, '');
  const host = target.startsWith('[') ? target.slice(1, target.indexOf(']')) : target.split(':')[0];
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host ?? '');
}

/** Unary calls get the default deadline unless they set their own; streams are left open-ended. */
function deadlineDefault(deadlineMs: number): Interceptor {
  return (callOptions, nextCall) => {
    const unary = !callOptions.method_definition.responseStream;
    const deadline =
      callOptions.deadline === undefined && unary && deadlineMs > 0
        ? Date.now() + deadlineMs
        : callOptions.deadline;
    return new InterceptingCall(
      nextCall(deadline === undefined ? callOptions : { ...callOptions, deadline }),
    );
  };
}

function bearerMetadata(token: TokenSource): Interceptor {
  return (callOptions, nextCall) =>
    new InterceptingCall(nextCall(callOptions), {
      start(metadata, listener, next) {
        // A caller-set authorization wins, as on the REST client.
        if (metadata.get('authorization').length > 0) {
          next(metadata, listener);
          return;
        }
        currentToken(token, { expired: false }).then(
          (value) => {
            if (value !== undefined) metadata.set('authorization', `Bearer ${value}`);
            next(metadata, listener);
          },
          (error: unknown) => {
            const details = error instanceof Error ? error.message : String(error);
            listener.onReceiveStatus?.({ code: status.UNAUTHENTICATED, details, metadata: new Metadata() });
          },
        );
      },
    });
}
