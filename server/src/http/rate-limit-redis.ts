import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { Count, Counters } from './rate-limit-counters.js';

/**
 * Fixed windows in one round trip: the first hit starts the window; a key that somehow lost its expiry
 * gets one again, so it can never count forever.
 */
const hitScript = `
local current = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if current == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {current, ttl}
`;

/** The count without a hit; nil when the key has no running window. */
const peekScript = `
local current = redis.call('GET', KEYS[1])
if not current then return nil end
return {tonumber(current), redis.call('PTTL', KEYS[1])}
`;

/** A slow Redis must not make every request slow: past this a hit fails and the request goes through. */
const commandTimeoutMs = 500;
/** How long a start waits for Redis before serving without it (counting starts once it answers). */
const connectWaitMs = 1_000;

type HitCommand = (key: string, windowMs: number) => Promise<[number, number]>;
type PeekCommand = (key: string) => Promise<[number, number] | null>;

/**
 * Rate-limit counters in Redis, shared by every replica that uses the same URL and namespace. Redis
 * being down never fails a request: commands fail at once (no offline queue), the limiter lets the
 * request through, and the outage is logged once, as is the recovery.
 */
export class RedisCounters implements Counters {
  readonly #redis: Redis;
  readonly #namespace: string;
  readonly #log: FastifyBaseLogger;
  /** For the log: without a password. */
  readonly #url: string;
  #down = false;
  #closed = false;

  constructor(url: string, namespace: string, log: FastifyBaseLogger) {
    this.#url = redactedUrl(url);
    this.#namespace = namespace;
    this.#log = log;
    this.#redis = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      commandTimeout: commandTimeoutMs,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
    });
    this.#redis.defineCommand('gtcxRateLimitHit', { numberOfKeys: 1, lua: hitScript });
    this.#redis.defineCommand('gtcxRateLimitPeek', { numberOfKeys: 1, lua: peekScript });
    this.#redis.on('error', (error: Error) => this.#failed(error));
    this.#redis.on('ready', () => this.#answered());
  }

  /** Connects, waiting a moment at most: the server starts (and serves, uncounted) with Redis down. */
  async connect(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, connectWaitMs);
    });
    try {
      await Promise.race([this.#redis.connect().catch((error: Error) => this.#failed(error)), waited]);
    } finally {
      clearTimeout(timer);
    }
  }

  async hit(key: string, windowMs: number): Promise<Count> {
    const hit = (this.#redis as unknown as { gtcxRateLimitHit: HitCommand }).gtcxRateLimitHit;
    const [current, ttl] = await this.#answer(hit.call(this.#redis, this.#namespace + key, windowMs));
    return { current, ttl };
  }

  async peek(key: string): Promise<Count | undefined> {
    const peek = (this.#redis as unknown as { gtcxRateLimitPeek: PeekCommand }).gtcxRateLimitPeek;
    const count = await this.#answer(peek.call(this.#redis, this.#namespace + key));
    return count === null || count[1] <= 0 ? undefined : { current: count[0], ttl: count[1] };
  }

  async #answer<T>(command: Promise<T>): Promise<T> {
    try {
      const answer = await command;
      this.#answered();
      return answer;
    } catch (error) {
      this.#failed(error as Error);
      throw error;
    }
  }

  close(): void {
    this.#closed = true;
    this.#redis.disconnect();
  }

  #failed(error: Error): void {
    // Hits still in flight at shutdown fail; that is no outage.
    if (this.#down || this.#closed) return;
    this.#down = true;
    this.#log.warn(
      { err: error, redis: this.#url },
      'rate limiting: Redis does not answer; requests are served without rate limits until it does',
    );
  }

  #answered(): void {
    if (!this.#down) return;
    this.#down = false;
    this.#log.info({ redis: this.#url }, 'rate limiting: Redis answers again; counting resumed');
  }
}

function redactedUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}
