import { randomBytes } from 'node:crypto';

/** A Webflow-style object id: 24 hex characters. */
export function newId(): string {
  return randomBytes(12).toString('hex');
}

/** An OAuth client_id: 64 hex characters. */
export function newClientId(): string {
  return randomBytes(32).toString('hex');
}

export const OBJECT_ID = /^[0-9a-f]{24}$/;
