import { randomHex } from './random-pool.js';

/** A Webflow-style object id: 24 hex characters. */
export function newId(): string {
  return randomHex(12);
}

/** An OAuth client_id: 64 hex characters. */
export function newClientId(): string {
  return randomHex(32);
}

export const OBJECT_ID = /^[0-9a-f]{24}$/;
