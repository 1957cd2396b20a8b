import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { GtcxError, generateSigningKey, type PackSigningKey, signingKeyId } from '@gtcx/core';
import type { Kysely } from 'kysely';
import type { PacksTables } from './tables.js';

export interface ActiveSigningKey {
  keyId: string;
  privateKey: KeyObject;
}

/**
 * The key this server signs with, shared by every replica through the database: the configured PEM
 * (GTCX_PACK_SIGNING_KEY) when set, else the oldest unexpired key with a private half, else a new
 * one. Insert-if-absent then read, so replicas starting together settle on the same key.
 */
export async function ensureSigningKey(
  db: Kysely<PacksTables>,
  configuredPem: string | undefined,
  now: Date,
): Promise<ActiveSigningKey> {
  if (configuredPem !== undefined) {
    const key = fromPem(configuredPem);
    await insertIfAbsent(db, { ...key, createdAt: now.toISOString() });
    return { keyId: key.keyId, privateKey: createPrivateKey(key.privateKey) };
  }
  const existing = await usableKey(db, now);
  if (existing !== undefined) return existing;
  const generated = generateSigningKey();
  await insertIfAbsent(db, { ...generated, createdAt: now.toISOString() });
  const settled = await usableKey(db, now);
  if (settled === undefined) throw new Error('the signing key just stored cannot be read back');
  return settled;
}

/** Every key, current and retired, oldest first: what clients verify with. */
export async function listSigningKeys(db: Kysely<PacksTables>): Promise<PackSigningKey[]> {
  const rows = await db
    .selectFrom('pack_signing_keys')
    .select(['key_id', 'public_key', 'created_at', 'expires_at'])
    .orderBy('created_at')
    .orderBy('key_id')
    .execute();
  return rows.map((row) => ({
    keyId: row.key_id,
    algorithm: 'ed25519',
    publicKey: row.public_key,
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: row.expires_at === null ? null : new Date(row.expires_at).toISOString(),
  }));
}

async function usableKey(db: Kysely<PacksTables>, now: Date): Promise<ActiveSigningKey | undefined> {
  const row = await db
    .selectFrom('pack_signing_keys')
    .select(['key_id', 'private_key'])
    .where('private_key', 'is not', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now.toISOString())]))
    .orderBy('created_at')
    .orderBy('key_id')
    .executeTakeFirst();
  if (row?.private_key == null) return undefined;
  return { keyId: row.key_id, privateKey: createPrivateKey(row.private_key) };
}

async function insertIfAbsent(
  db: Kysely<PacksTables>,
  key: { keyId: string; publicKey: string; privateKey: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto('pack_signing_keys')
    .values({
      key_id: key.keyId,
      public_key: key.publicKey,
      private_key: key.privateKey,
      created_at: key.createdAt,
      expires_at: null,
    })
    .onConflict((oc) => oc.column('key_id').doNothing())
    .execute();
}

/** A configured key must be an Ed25519 private key in PEM; anything else stops the server at start. */
function fromPem(pem: string): { keyId: string; publicKey: string; privateKey: string } {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (error) {
    throw badKey('is not a PEM private key', error);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw badKey(`is a ${privateKey.asymmetricKeyType ?? 'non-asymmetric'} key, not Ed25519`);
  }
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return {
    keyId: signingKeyId(spki),
    publicKey: spki.toString('base64'),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function badKey(problem: string, cause?: unknown): GtcxError {
  return new GtcxError('config_invalid', `GTCX_PACK_SIGNING_KEY ${problem}`, {
    hint: 'set it to an Ed25519 private key in PEM (openssl genpkey -algorithm ed25519), or unset it to let the server create one',
    details: { field: 'packSigningKey' },
    cause,
  });
}
