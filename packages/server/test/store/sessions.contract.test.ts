import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { digest } from '../../src/crypto/tokens.js';
import {
  ATTEMPT_LIMITS,
  LOCK_MS,
  WINDOW_MS,
  clearAttempts,
  countAttempt,
  forgiveAttempt,
  type AttemptKey,
} from '../../src/platform/accounts/attempt-throttle.js';
import { SESSION_TTL_MS, endOtherSessions, endSession, resolveSession, startSession } from '../../src/platform/accounts/sessions.js';
import { createUser, type User } from '../../src/platform/accounts/users.js';
import { backends } from '../support/runtime.js';
import { useContractRuntime } from './contract-runtime.js';

const tag = () => randomBytes(4).toString('hex');

describe.each(backends())('login sessions and throttling on %s', (backend) => {
  const { ctx, clock } = useContractRuntime(backend);
  let user: User;
  beforeAll(async () => {
    user = await createUser(ctx(), { email: `s-${tag()}@example.com`, firstName: 'S', lastName: '', password: 'correct horse battery' });
  });

  it('resolves a session to its user and stores only the digest of the cookie value', async () => {
    const value = await startSession(ctx(), user.id);
    expect(value).toMatch(/^gth_sess_/);
    expect((await resolveSession(ctx(), value))?.id).toBe(user.id);
    const rows = await ctx().db.selectFrom('login_sessions').selectAll().where('user_id', '=', user.id).execute();
    expect(rows.map((r) => r.digest)).toContain(digest(value));
    expect(JSON.stringify(rows)).not.toContain(value);
    expect(await resolveSession(ctx(), value + 'x')).toBeUndefined();
  });

  it('expires a session after its lifetime', async () => {
    const value = await startSession(ctx(), user.id);
    clock.advance(SESSION_TTL_MS - 1000);
    expect(await resolveSession(ctx(), value)).toBeDefined();
    clock.advance(2000);
    expect(await resolveSession(ctx(), value)).toBeUndefined();
  });

  it('ends one session, or all but the one kept', async () => {
    const a = await startSession(ctx(), user.id);
    const b = await startSession(ctx(), user.id);
    const c = await startSession(ctx(), user.id);
    await endSession(ctx(), a);
    expect(await resolveSession(ctx(), a)).toBeUndefined();
    await endOtherSessions(ctx(), user.id, c);
    expect(await resolveSession(ctx(), b)).toBeUndefined();
    expect((await resolveSession(ctx(), c))?.id).toBe(user.id);
  });

  const LIMIT = ATTEMPT_LIMITS['sign-in'];
  const signInKey = (email: string): AttemptKey => ['sign-in', `${email}|192.0.2.1`];
  const admitted = async (key: AttemptKey) => (await countAttempt(ctx(), [key])).allowed;

  it('locks an account and address after the allowed attempts, for the lock period only', async () => {
    const email = `Locked-${tag()}@example.com`;
    for (let i = 0; i < LIMIT; i++) expect(await admitted(signInKey(email))).toBe(true);
    expect(await countAttempt(ctx(), [signInKey(email.toLowerCase())])).toEqual({ allowed: false, retryAfterSeconds: LOCK_MS / 1000 });
    clock.advance(LOCK_MS + 1);
    expect(await admitted(signInKey(email))).toBe(true);
  });

  it('forgets attempts older than the window and after a successful login', async () => {
    const email = `window-${tag()}@example.com`;
    for (let i = 1; i < LIMIT; i++) expect(await admitted(signInKey(email))).toBe(true);
    clock.advance(WINDOW_MS + 1);
    expect(await admitted(signInKey(email))).toBe(true);
    for (let i = 1; i < LIMIT; i++) expect(await admitted(signInKey(email))).toBe(true);
    expect(await admitted(signInKey(email))).toBe(false);
    await clearAttempts(ctx(), [signInKey(email)]);
    expect(await admitted(signInKey(email))).toBe(true);
  });

  it('counts concurrent attempts without losing any: exactly the limit gets through', async () => {
    const address: AttemptKey = ['sign-in-address', `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`];
    const limit = ATTEMPT_LIMITS['sign-in-address'];
    const answers = await Promise.all(Array.from({ length: limit + 5 }, () => countAttempt(ctx(), [address])));
    expect(answers.filter((a) => a.allowed)).toHaveLength(limit);
    expect(await admitted(address)).toBe(false);
  });

  it('takes a forgiven attempt back, and a refused attempt from the keys that had room', async () => {
    const email = `forgive-${tag()}@example.com`;
    const address: AttemptKey = ['sign-in-address', `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`];
    for (let i = 0; i < 3 * ATTEMPT_LIMITS['sign-in-address']; i++) {
      expect(await admitted(address)).toBe(true);
      await forgiveAttempt(ctx(), [address]);
    }
    for (let i = 0; i < LIMIT; i++) expect(await admitted(signInKey(email))).toBe(true);
    const other: AttemptKey = ['sign-in-address', '10.2.0.1'];
    for (let i = 0; i < 3; i++) expect((await countAttempt(ctx(), [signInKey(email), other])).allowed).toBe(false);
    const row = await ctx().db.selectFrom('login_attempts').select('failures').where('key', '=', 'sign-in-address:10.2.0.1').executeTakeFirstOrThrow();
    expect(row.failures).toBe(0);
  });
});
