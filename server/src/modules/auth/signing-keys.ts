import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
} from 'node:crypto';
import type { Store } from '@gtcx/core';
import { type Kysely, sql } from 'kysely';
import type { AuthTables } from './tables.js';

/** The public half as the JWKS publishes it (RFC 8037 OKP key). */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

interface LoadedKeys {
  /** The key new tokens are signed with. */
  signing: { kid: string; privateKey: KeyObject } | undefined;
  /** Every key a token may still be verified with: current ones and those retired recently. */
  verifying: Map<string, { publicKey: KeyObject; jwk: PublicJwk }>;
  loadedAt: number;
}

/**
 * Retired keys stay published and accepted this long, far beyond an access token's life, so tokens
 * signed just before a rotation keep working until they expire.
 */
const retiredKeyGraceMs = 24 * 60 * 60 * 1000;

/** Another replica may rotate keys; each process looks again at least this often. */
const maxCacheAgeMs = 5 * 60 * 1000;

const caches = new WeakMap<Store, { keys?: LoadedKeys; loading?: Promise<LoadedKeys> }>();

/**
 * The JWT signing keys live in the store, so every replica signs with the same key and verifies
 * every other replica's tokens. Each process caches them and reloads when a token names a key it
 * does not know (another replica may have made it) or the cache is old.
 */
export async function signingKey(store: Store): Promise<{ kid: string; privateKey: KeyObject }> {
  let keys = await loadedKeys(store);
  if (keys.signing === undefined) {
    await createFirstKey(store);
    keys = await reloadKeys(store);
  }
  if (keys.signing === undefined) throw new Error('no JWT signing key after creating one');
  return keys.signing;
}

/** The public key a token's `kid` names, looking in the store again when this process lacks it. */
export async function verificationKey(store: Store, kid: string): Promise<KeyObject | undefined> {
  const cached = (await loadedKeys(store)).verifying.get(kid);
  if (cached !== undefined) return cached.publicKey;
  return (await reloadKeys(store)).verifying.get(kid)?.publicKey;
}

/** The JWKS: current and recently retired public keys. */
export async function publicJwks(store: Store): Promise<PublicJwk[]> {
  let keys = await loadedKeys(store);
  if (keys.verifying.size === 0) {
    await createFirstKey(store);
    keys = await reloadKeys(store);
  }
  return [...keys.verifying.values()].map((key) => key.jwk);
}

async function loadedKeys(store: Store): Promise<LoadedKeys> {
  const keys = caches.get(store)?.keys;
  if (keys !== undefined && Date.now() - keys.loadedAt < maxCacheAgeMs) return keys;
  return reloadKeys(store);
}

/** One load at a time per store: a burst of tokens naming an unknown kid costs one query. */
function reloadKeys(store: Store): Promise<LoadedKeys> {
  let cache = caches.get(store);
  if (cache === undefined) {
    cache = {};
    caches.set(store, cache);
  }
  const entry = cache;
  entry.loading ??= readKeys(store.db as Kysely<AuthTables>, Date.now()).then(
    (keys) => {
      entry.keys = keys;
      entry.loading = undefined;
      return keys;
    },
    (error: unknown) => {
      entry.loading = undefined;
      throw error;
    },
  );
  return entry.loading;
}

async function readKeys(db: Kysely<AuthTables>, now: number): Promise<LoadedKeys> {
  const retiredSince = new Date(now - retiredKeyGraceMs).toISOString();
  const rows = await db
    .selectFrom('jwt_signing_keys')
    .selectAll()
    .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', retiredSince)]))
    // The oldest live key signs: every replica picks the same one.
    .orderBy('created_at')
    .orderBy('kid')
    .execute();
  const verifying = new Map<string, { publicKey: KeyObject; jwk: PublicJwk }>();
  let signing: LoadedKeys['signing'];
  for (const row of rows) {
    const jwk = JSON.parse(row.public_jwk) as PublicJwk;
    verifying.set(row.kid, { publicKey: createPublicKey({ key: { ...jwk }, format: 'jwk' }), jwk });
    if (signing === undefined && row.retired_at === null) {
      signing = { kid: row.kid, privateKey: createPrivateKey(row.private_key) };
    }
  }
  return { signing, verifying, loadedAt: now };
}

/**
 * Makes the first key unless a live one exists. PostgreSQL replicas serialize on an advisory lock so
 * two first starts do not make two keys; SQLite has one writer (this process) and its transactions
 * already run one at a time.
 */
async function createFirstKey(store: Store): Promise<void> {
  await store.transaction(async (trx) => {
    const db = trx as Kysely<AuthTables>;
    if (store.dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(hashtext('gtcx.jwt_signing_keys'))`.execute(db);
    }
    const live = await db
      .selectFrom('jwt_signing_keys')
      .select('kid')
      .where('retired_at', 'is', null)
      .executeTakeFirst();
    if (live !== undefined) return;
    await db.insertInto('jwt_signing_keys').values(newKeyRow()).execute();
  });
}

function newKeyRow(): AuthTables['jwt_signing_keys'] {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const kid = randomUUID();
  const { x } = publicKey.export({ format: 'jwk' });
  if (x === undefined) throw new Error('an Ed25519 public key without x');
  const jwk: PublicJwk = { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' };
  return {
    kid,
    private_key: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    public_jwk: JSON.stringify(jwk),
    created_at: new Date().toISOString(),
    retired_at: null,
  };
}
