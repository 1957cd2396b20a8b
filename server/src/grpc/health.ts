import { type ServerWritableStream, status } from '@grpc/grpc-js';
import type { Store } from '@gtcx/core';
import {
  type HealthCheckRequest,
  type HealthCheckResponse,
  type HealthServer,
  HealthCheckResponse_ServingStatus as ServingStatus,
} from '@gtcx/sdk/proto';

export interface HealthOptions {
  store: Store;
  /** The services reported on besides '' (the whole server). */
  services: string[];
  /** How often Watch re-checks the store to report changes. */
  watchIntervalMs?: number;
}

export interface HealthService {
  implementation: HealthServer;
  /** Ends every Watch stream so the server can shut down. */
  close(): void;
}

/** At most this many services in one List answer, as grpc.health.v1 specifies. */
const listLimit = 100;

/** grpc.health.v1.Health: every service is as healthy as the store it depends on. */
export function createHealthService(options: HealthOptions): HealthService {
  const known = new Set(['', ...options.services]);
  const watchers = new Set<ServerWritableStream<HealthCheckRequest, HealthCheckResponse>>();
  const timers = new Set<NodeJS.Timeout>();
  const storeStatus = async () =>
    options.store.ping().then(
      () => ServingStatus.SERVING,
      () => ServingStatus.NOT_SERVING,
    );

  const implementation: HealthServer = {
    check(call, callback) {
      const service = call.request.service;
      if (!known.has(service)) {
        callback({ code: status.NOT_FOUND, details: `unknown service "${service}"` });
        return;
      }
      storeStatus().then((serving) => callback(null, { status: serving }));
    },

    list(_call, callback) {
      if (known.size > listLimit) {
        callback({ code: status.RESOURCE_EXHAUSTED, details: `more than ${listLimit} services` });
        return;
      }
      storeStatus().then((serving) =>
        callback(null, {
          statuses: Object.fromEntries([...known].map((name) => [name, { status: serving }])),
        }),
      );
    },

    watch(call) {
      const service = call.request.service;
      watchers.add(call);
      let last: ServingStatus | undefined;
      const report = async () => {
        const next = known.has(service) ? await storeStatus() : ServingStatus.SERVICE_UNKNOWN;
        if (next !== last && watchers.has(call)) {
          last = next;
          call.write({ status: next });
        }
      };
      const timer = setInterval(report, options.watchIntervalMs ?? 5_000);
      timers.add(timer);
      const stop = () => {
        clearInterval(timer);
        timers.delete(timer);
        watchers.delete(call);
      };
      call.on('cancelled', stop);
      call.on('close', stop);
      void report();
    },
  };

  return {
    implementation,
    close() {
      for (const timer of timers) clearInterval(timer);
      timers.clear();
      for (const call of watchers) call.end();
      watchers.clear();
    },
  };
}
