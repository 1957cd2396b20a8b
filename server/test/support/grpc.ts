import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import {
  type HealthCheckResponse,
  HealthClient,
  PackServiceClient,
  TokenServiceClient,
} from '@gtcx/sdk/proto';

export interface GrpcClients {
  check(service: string): Promise<HealthCheckResponse>;
  getPack(name: string): Promise<unknown>;
  introspectToken(token: string): Promise<unknown>;
  close(): void;
}

/** The generated grpc-js clients, promisified, against a plaintext address; a token goes out as bearer metadata. */
export function grpcClients(address: string, token?: string): GrpcClients {
  const health = new HealthClient(address, credentials.createInsecure());
  const packs = new PackServiceClient(address, credentials.createInsecure());
  const tokens = new TokenServiceClient(address, credentials.createInsecure());
  const options = () => ({ deadline: Date.now() + 10_000 });
  const metadata = () => {
    const values = new Metadata();
    if (token !== undefined) values.set('authorization', `Bearer ${token}`);
    return values;
  };
  const settle =
    <T>(resolve: (value: T) => void, reject: (error: ServiceError) => void) =>
    (error: ServiceError | null, response: T) =>
      error ? reject(error) : resolve(response);
  return {
    check: (service) =>
      new Promise((resolve, reject) =>
        health.check({ service }, new Metadata(), options(), settle(resolve, reject)),
      ),
    getPack: (name) =>
      new Promise((resolve, reject) =>
        packs.getPack({ name }, metadata(), options(), settle(resolve, reject)),
      ),
    introspectToken: (value) =>
      new Promise((resolve, reject) =>
        tokens.introspectToken(
          { token: value, tokenTypeHint: '' },
          metadata(),
          options(),
          settle(resolve, reject),
        ),
      ),
    close() {
      health.close();
      packs.close();
      tokens.close();
    },
  };
}
