import { randomHex } from './random-pool.js';

/**
 * A Webflow-style object id: 24 hex characters, the creation time in milliseconds (12) then 6 random
 * bytes (12). Like Webflow's ObjectIds, ids begin with their time, so the rows a node writes one after
 * another sit side by side in every index on `id`: a transaction dirties the last page of each such
 * index instead of a random one, and a shared SQLite COMMIT writes fewer pages (docs/performance.md).
 * The random half keeps ids of different nodes apart; an id is never a secret.
 *
 * Within one process ids only grow, as monotonic ULIDs do: an id made in the same millisecond as the
 * one before (or after the clock stepped back) takes the previous random half plus one, so "newest
 * first" by (created_at, id) keeps the order things happened in even when they share a millisecond.
 */
const RANDOM_SPAN = 2 ** 48;
let lastMs = -1;
let lastRandom = 0;

export function newId(): string {
  let ms = Date.now();
  let random: number;
  if (ms > lastMs) random = parseInt(randomHex(6), 16);
  else {
    ms = lastMs;
    random = lastRandom + 1;
    if (random >= RANDOM_SPAN) {
      ms += 1;
      random = parseInt(randomHex(6), 16);
    }
  }
  lastMs = ms;
  lastRandom = random;
  return ms.toString(16).padStart(12, '0') + random.toString(16).padStart(12, '0');
}

/** An OAuth client_id: 64 hex characters. */
export function newClientId(): string {
  return randomHex(32);
}

export const OBJECT_ID = /^[0-9a-f]{24}$/;
