import { GtcxSdkError } from './errors.js';
import type { RetryOptions } from './transport.js';

/**
 * The most retries a policy may ask for. Ten retries with the default backoff already spend about
 * a minute and a half on one request; beyond that a client is adding to an outage, not riding it out.
 */
export const maxRetries = 10;

/** The longest delay a timer can wait: Node fires a longer setTimeout at once (TimeoutOverflowWarning). */
export const maxTimerMs = 2_147_483_647;

const retryKeys = new Set(['retries', 'minDelayMs', 'maxDelayMs', 'maxRetryAfterMs', 'statuses']);

/**
 * A retry option as given to createClient or to one call, checked: a value such as
 * `Number(process.env.RETRIES)` of an unset variable (NaN) would otherwise retry forever or not wait
 * between retries. Throws `config_invalid` naming the option and the fix.
 */
export function checkedRetry(value: unknown, where: string): RetryOptions | false {
  if (value === false) return false;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(
      `${where}: retry is ${show(value)}; it must be false or an object such as { retries: 3 }`,
      'pass retry: false to send each request once, or retry: { retries, minDelayMs, maxDelayMs, maxRetryAfterMs, statuses }',
      { option: 'retry', value: show(value) },
    );
  }
  const options = value as Record<string, unknown>;
  const unknown = Object.keys(options).filter((key) => !retryKeys.has(key));
  if (unknown.length > 0) {
    throw invalid(
      `${where}: retry has unknown option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`,
      `the retry options are ${[...retryKeys].join(', ')}`,
      { option: 'retry', unknown },
    );
  }
  const { retries, minDelayMs, maxDelayMs, maxRetryAfterMs, statuses } = options;
  if (retries !== undefined && !(Number.isInteger(retries) && (retries as number) >= 0)) {
    throw invalid(
      `${where}: retry.retries is ${show(retries)}; it must be a whole number from 0 to ${maxRetries}`,
      'pass e.g. retry: { retries: 3 }, or retry: false to send once; give a value read from the environment a default',
      { option: 'retry.retries', value: show(retries) },
    );
  }
  if (retries !== undefined && (retries as number) > maxRetries) {
    throw invalid(
      `${where}: retry.retries is ${retries}, more than the ${maxRetries} the SDK allows`,
      `pass at most ${maxRetries}; a longer outage is better waited out by raising maxDelayMs`,
      { option: 'retry.retries', value: retries },
    );
  }
  checkDelay(minDelayMs, 'retry.minDelayMs', where);
  checkDelay(maxDelayMs, 'retry.maxDelayMs', where);
  checkDelay(maxRetryAfterMs, 'retry.maxRetryAfterMs', where);
  if (statuses !== undefined && !isStatusList(statuses)) {
    throw invalid(
      `${where}: retry.statuses is ${show(statuses)}; it must be a list of HTTP error statuses (400 to 599)`,
      'pass e.g. retry: { statuses: [429, 503] }, or leave it out for 429, 502, 503 and 504',
      { option: 'retry.statuses', value: show(statuses) },
    );
  }
  return options as RetryOptions;
}

/**
 * `timeoutMs` checked: a finite number of milliseconds, or 0 to wait forever. NaN, a negative or a
 * string would otherwise turn the timeout off without a word.
 */
export function checkedTimeout(value: unknown, where: string, option = 'timeoutMs'): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= maxTimerMs) return value;
  throw invalid(
    `${where}: ${option} is ${show(value)}; it must be a number of milliseconds from 1 to ${maxTimerMs}, or 0 to wait forever`,
    `pass e.g. ${option}: 30000; give a value read from the environment a default`,
    { option, value: show(value) },
  );
}

function checkDelay(value: unknown, option: string, where: string): void {
  if (value === undefined) return;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= maxTimerMs) return;
  throw invalid(
    `${where}: ${option} is ${show(value)}; it must be a number of milliseconds from 0 to ${maxTimerMs}`,
    `pass e.g. ${option.replace('retry.', 'retry: { ')}: 500 }, or leave it out for the default`,
    { option, value: show(value) },
  );
}

function isStatusList(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every(
      (status) => Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599,
    )
  );
}

/** The value as the error quotes it: NaN and Infinity by name, strings in quotes. */
function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) {
    return String(value);
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function invalid(message: string, hint: string, details: Record<string, unknown>): GtcxSdkError {
  return new GtcxSdkError('config_invalid', message, { hint, details });
}
