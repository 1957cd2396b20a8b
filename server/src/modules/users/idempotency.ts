import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { inTransaction, type UsersDeps } from './context.js';
import { conflict } from './errors.js';
import type { UsersDb } from './tables.js';

/** How long a key answers retries (the contract's promise). */
const keyLifetimeMs = 24 * 60 * 60 * 1000;

export interface IdempotentCall {
  /** Keys are the client's choice, so they are scoped to the caller (and the operation). */
  callerId: string;
  operation: string;
  key: string | undefined;
  /** The request body (and path parameters): the same key with another request is refused. */
  request: unknown;
}

export interface IdempotentWork<T> {
  /** Makes the change and records its audit event, in the transaction it is given. */
  run(trx: Kysely<UsersDb>): Promise<T>;
  /** What is kept to answer a retry; the answer itself unless it holds a secret. */
  keep?(answer: T): unknown;
  /** Turns what was kept back into an answer, in a transaction of its own. */
  replay?(kept: unknown, trx: Kysely<UsersDb>): Promise<T>;
}

export interface IdempotentResult<T> {
  answer: T;
  /** true when a retry was answered from the first call. */
  replayed: boolean;
}

/**
 * Runs a creating call once per Idempotency-Key: the key is recorded in the change's own transaction,
 * so a retry (even one racing the first call on another replica) finds either nothing, and runs, or
 * the first answer, and repeats it.
 */
export async function idempotent<T>(
  deps: UsersDeps,
  call: IdempotentCall,
  work: IdempotentWork<T>,
): Promise<IdempotentResult<T>> {
  if (call.key === undefined) {
    return { answer: await inTransaction(deps, (trx) => work.run(trx)), replayed: false };
  }
  const requestHash = hashOf(call.request);
  const earlier = await findEarlier(deps, call);
  if (earlier !== undefined)
    return { answer: await replay(deps, call, requestHash, earlier, work), replayed: true };
  try {
    const answer = await inTransaction(deps, async (trx) => {
      const result = await work.run(trx);
      // The caller's expired keys go (this one included, so it can be used again); a live record
      // of this key (a racer's) makes the insert fail.
      await trx
        .deleteFrom('users_idempotency_keys')
        .where('caller_id', '=', call.callerId)
        .where('created_at', '<=', cutoffOf(deps))
        .execute();
      await trx
        .insertInto('users_idempotency_keys')
        .values({
          caller_id: call.callerId,
          operation: call.operation,
          key: call.key as string,
          request_hash: requestHash,
          response: JSON.stringify(work.keep === undefined ? result : work.keep(result)),
          created_at: deps.now().toISOString(),
        })
        .execute();
      return result;
    });
    return { answer, replayed: false };
  } catch (error) {
    // A racing first call with the same key won: its answer is the one to repeat.
    const winner = await findEarlier(deps, call);
    if (winner === undefined) throw error;
    return { answer: await replay(deps, call, requestHash, winner, work), replayed: true };
  }
}

interface Earlier {
  request_hash: string;
  response: string;
}

async function findEarlier(deps: UsersDeps, call: IdempotentCall): Promise<Earlier | undefined> {
  return deps.db
    .selectFrom('users_idempotency_keys')
    .select(['request_hash', 'response'])
    .where('caller_id', '=', call.callerId)
    .where('operation', '=', call.operation)
    .where('key', '=', call.key as string)
    .where('created_at', '>', cutoffOf(deps))
    .executeTakeFirst();
}

async function replay<T>(
  deps: UsersDeps,
  call: IdempotentCall,
  requestHash: string,
  earlier: Earlier,
  work: IdempotentWork<T>,
): Promise<T> {
  if (earlier.request_hash !== requestHash) {
    throw conflict(
      `Idempotency-Key "${call.key}" was already used for another request`,
      'use a new Idempotency-Key for a different request; reuse a key only to retry the same one',
      { idempotencyKey: call.key },
    );
  }
  const kept: unknown = JSON.parse(earlier.response);
  if (work.replay === undefined) return kept as T;
  const again = work.replay;
  return inTransaction(deps, (trx) => again(kept, trx));
}

function cutoffOf(deps: UsersDeps): string {
  return new Date(deps.now().getTime() - keyLifetimeMs).toISOString();
}

function hashOf(request: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(request) ?? '')
    .digest('hex');
}
