import type { Store } from '@gtcx/core';

export interface ReadinessCheck {
  name: string;
  status: 'ok' | 'failing';
  detail?: string;
}

/** A hung connection pool must not hang the probe: load balancers need an answer. */
const checkTimeoutMs = 2_000;

export async function checkReadiness(store: Store): Promise<ReadinessCheck[]> {
  return [await checkStore(store)];
}

async function checkStore(store: Store): Promise<ReadinessCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${checkTimeoutMs} ms`)), checkTimeoutMs);
  });
  try {
    await Promise.race([store.ping(), timeout]);
    return { name: 'store', status: 'ok' };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { name: 'store', status: 'failing', detail: reason };
  } finally {
    clearTimeout(timer);
  }
}
