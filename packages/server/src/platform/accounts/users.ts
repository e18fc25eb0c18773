import { newId } from '../../crypto/ids.js';
import type { UserRow } from '../../store/schema.js';
import { admitAttempt, clearAttempts, type AttemptKey } from './attempt-throttle.js';
import { emailIdentity } from './email-identity.js';
import { isoNow, type PlatformContext } from '../context.js';
import { PlatformError, notFound, validation } from '../errors.js';

export interface User {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  createdOn: string;
  /** Whether the owner has shown they receive mail at `email` (docs/dashboard.md, "Email verification"). */
  emailVerified: boolean;
}

export const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  firstName: row.first_name,
  lastName: row.last_name,
  createdOn: row.created_at,
  emailVerified: row.email_verified_at !== null,
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MIN_PASSWORD_LENGTH = 10;

/** The stored and compared form of an address (platform/accounts/email-identity.ts). */
export const normalizeEmail = emailIdentity;

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw validation('password', `Password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > 1024) throw validation('password', 'Password must be at most 1024 characters');
}

export interface NewUser {
  email: string;
  firstName: string;
  lastName: string;
  password: string;
  /**
   * Whether the address counts as verified from the start: true for accounts an operator makes (the
   * CLI, demo data); self-service sign-up passes false and sends a verification link.
   */
  emailVerified?: boolean;
}

/** The folded form of a well-formed address; a validation error otherwise. */
export function checkEmail(raw: string): string {
  const email = normalizeEmail(raw);
  if (!EMAIL.test(email) || email.length > 254) throw validation('email', 'Enter a valid email address');
  return email;
}

export async function createUser(ctx: PlatformContext, input: NewUser): Promise<User> {
  const email = checkEmail(input.email);
  if (!input.firstName.trim()) throw validation('firstName', 'First name is required');
  checkPassword(input.password);
  const now = isoNow(ctx);
  const row: UserRow = {
    id: newId(),
    email,
    first_name: input.firstName.trim().slice(0, 100),
    last_name: input.lastName.trim().slice(0, 100),
    password_hash: await ctx.passwords.hash(input.password),
    email_verified_at: input.emailVerified === false ? null : now,
    created_at: now,
    updated_at: now,
  };
  const inserted = await ctx.db
    .insertInto('users')
    .values(row)
    .onConflict((oc) => oc.column('email').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
    throw new PlatformError('conflict', 'An account with this email already exists', [
      { field: 'email', message: 'An account with this email already exists' },
    ]);
  }
  return toUser(row);
}

export async function findUserByEmail(ctx: PlatformContext, email: string): Promise<User | undefined> {
  const row = await ctx.db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
  return row && toUser(row);
}

/** Checks email and password; spends the same time whether or not the email exists. */
export async function authenticateUser(ctx: PlatformContext, email: string, password: string): Promise<User | undefined> {
  const row = await ctx.db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
  const ok = await ctx.passwords.verify(password, row?.password_hash ?? ctx.passwords.dummyHash);
  return ok && row ? toUser(row) : undefined;
}

/**
 * Checks the current password, counted against the account's `password` throttle before the hash
 * runs (docs/rate-limits.md): a stolen session cannot guess the password to take the account over.
 * Throws AttemptsThrottled past the limit.
 */
export async function changePassword(ctx: PlatformContext, userId: string, current: string, next: string): Promise<void> {
  const row = await ctx.db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
  if (!row) throw notFound('User');
  const throttle: AttemptKey = ['password', userId];
  await admitAttempt(ctx, [throttle]);
  if (!(await ctx.passwords.verify(current, row.password_hash))) throw validation('currentPassword', 'Current password is wrong');
  await clearAttempts(ctx, [throttle]);
  checkPassword(next);
  await ctx.db
    .updateTable('users')
    .set({ password_hash: await ctx.passwords.hash(next), updated_at: isoNow(ctx) })
    .where('id', '=', userId)
    .execute();
}
