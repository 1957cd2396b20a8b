/** A counter's state: hits in the current window, and milliseconds until it resets. */
export interface Count {
  current: number;
  ttl: number;
}

/**
 * Fixed-window counters, in this process or in Redis. Both transports count through one instance, so
 * a caller's HTTP requests and gRPC calls use up the same limit.
 */
export interface Counters {
  /** Counts one hit; the first hit of a key starts its window. Rejects when the store does not answer. */
  hit(key: string, windowMs: number): Promise<Count>;
  /** The count so far without adding to it; undefined when the key has no running window. */
  peek(key: string): Promise<Count | undefined>;
  connect(): Promise<void>;
  close(): void;
}

/** Past this many counters the ones whose window started first are dropped, so memory stays bounded. */
const maxKeys = 100_000;

/** Counters of a single process: without REDIS_URL, or in tests. */
export class MemoryCounters implements Counters {
  /** Insertion order is window start order (every policy shares one window length), oldest first. */
  readonly #windows = new Map<string, { current: number; resetAt: number }>();

  async hit(key: string, windowMs: number): Promise<Count> {
    const now = Date.now();
    let window = this.#windows.get(key);
    if (window === undefined || window.resetAt <= now) {
      this.#windows.delete(key);
      if (this.#windows.size >= maxKeys) this.#evict(now);
      window = { current: 0, resetAt: now + windowMs };
      this.#windows.set(key, window);
    }
    window.current += 1;
    return { current: window.current, ttl: window.resetAt - now };
  }

  async peek(key: string): Promise<Count | undefined> {
    const now = Date.now();
    const window = this.#windows.get(key);
    if (window === undefined || window.resetAt <= now) return undefined;
    return { current: window.current, ttl: window.resetAt - now };
  }

  async connect(): Promise<void> {}

  close(): void {
    this.#windows.clear();
  }

  /**
   * Drops ended windows from the front, then, if still full, the oldest running ones: forgetting a
   * count is generous to one caller, while growing without bound would take the server down.
   */
  #evict(now: number): void {
    for (const [key, window] of this.#windows) {
      if (window.resetAt > now && this.#windows.size < maxKeys * 0.9) break;
      this.#windows.delete(key);
    }
  }
}
