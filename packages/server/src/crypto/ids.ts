import { randomHex } from './random-pool.js';

/**
 * A Webflow-style object id: 24 hex characters, the creation time in milliseconds (12) then 6 random
 * bytes (12). Like Webflow's ObjectIds, ids begin with their time, so the rows a node writes one after
 * another sit side by side in every index on `id`: a transaction dirties the last page of each such
 * index instead of a random one, and a shared SQLite COMMIT writes fewer pages (docs/performance.md).
 * The random half keeps ids made in the same millisecond apart; an id is never a secret.
 */
export function newId(): string {
  return Date.now().toString(16).padStart(12, '0') + randomHex(6);
}

/** An OAuth client_id: 64 hex characters. */
export function newClientId(): string {
  return randomHex(32);
}

export const OBJECT_ID = /^[0-9a-f]{24}$/;
