const tails = new Map<string, Promise<void>>();

/**
 * Runs fn after every earlier call with the same key has settled. In-process only: it exists because
 * better-sqlite3 waits for a busy database synchronously, so two stores on one file in one process
 * would block the event loop on each other instead of taking turns.
 */
export async function withKeyedLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  let release: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => done);
  tails.set(key, tail);
  await previous;
  try {
    return await fn();
  } finally {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  }
}
