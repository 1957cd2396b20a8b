import {
  Channel,
  type ChannelCredentials,
  credentials,
  InterceptingCall,
  type Interceptor,
} from '@grpc/grpc-js';
import {
  HealthClient,
  PackServiceClient,
  RenderServiceClient,
  TemplateServiceClient,
  TokenServiceClient,
} from './proto.js';

export interface GrpcClientOptions {
  /** `host:port` of the server's gRPC listener. */
  address: string;
  /** A JWT access token or a `gtcx_` personal access token, sent as `authorization: Bearer` metadata. */
  token?: string;
  /** Channel credentials; plaintext (insecure) when omitted, as for a server on localhost. */
  credentials?: ChannelCredentials;
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

/** One client per gtcx.v1 service plus grpc.health.v1, all over one shared channel. */
export function createGrpcClients(options: GrpcClientOptions): GrpcClients {
  const channelCredentials = options.credentials ?? credentials.createInsecure();
  const channel = new Channel(options.address, channelCredentials, {});
  const clientOptions = {
    channelOverride: channel,
    // Call credentials cannot be composed with insecure channel credentials, so the token travels
    // through an interceptor instead.
    interceptors: options.token === undefined ? [] : [bearerMetadata(options.token)],
  };
  return {
    health: new HealthClient(options.address, channelCredentials, clientOptions),
    packs: new PackServiceClient(options.address, channelCredentials, clientOptions),
    templates: new TemplateServiceClient(options.address, channelCredentials, clientOptions),
    renders: new RenderServiceClient(options.address, channelCredentials, clientOptions),
    tokens: new TokenServiceClient(options.address, channelCredentials, clientOptions),
    close: () => channel.close(),
  };
}

function bearerMetadata(token: string): Interceptor {
  return (callOptions, nextCall) =>
    new InterceptingCall(nextCall(callOptions), {
      start(metadata, listener, next) {
        metadata.set('authorization', `Bearer ${token}`);
        next(metadata, listener);
      },
    });
}
