import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { digest } from '../../src/crypto/tokens.js';
import { LOCK_MS, MAX_FAILURES, WINDOW_MS, clearFailures, lockedFor, recordFailure } from '../../src/platform/login-throttle.js';
import { SESSION_TTL_MS, endOtherSessions, endSession, resolveSession, startSession } from '../../src/platform/sessions.js';
import { createUser, type User } from '../../src/platform/users.js';
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

  it('locks an email after the allowed failures, for the lock period only', async () => {
    const email = `Locked-${tag()}@example.com`;
    for (let i = 1; i < MAX_FAILURES.email; i++) await recordFailure(ctx(), [['email', email]]);
    expect(await lockedFor(ctx(), [['email', email]])).toBe(0);
    await recordFailure(ctx(), [['email', email]]);
    expect(await lockedFor(ctx(), [['email', email.toLowerCase()]])).toBe(LOCK_MS / 1000);
    clock.advance(LOCK_MS + 1);
    expect(await lockedFor(ctx(), [['email', email]])).toBe(0);
  });

  it('forgets failures older than the window and after a successful login', async () => {
    const email = `window-${tag()}@example.com`;
    for (let i = 1; i < MAX_FAILURES.email; i++) await recordFailure(ctx(), [['email', email]]);
    clock.advance(WINDOW_MS + 1);
    await recordFailure(ctx(), [['email', email]]);
    expect(await lockedFor(ctx(), [['email', email]])).toBe(0);
    for (let i = 1; i < MAX_FAILURES.email; i++) await recordFailure(ctx(), [['email', email]]);
    expect(await lockedFor(ctx(), [['email', email]])).toBeGreaterThan(0);
    await clearFailures(ctx(), email);
    expect(await lockedFor(ctx(), [['email', email]])).toBe(0);
  });

  it('counts concurrent failures without losing any', async () => {
    const ip = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    await Promise.all(Array.from({ length: MAX_FAILURES.ip }, () => recordFailure(ctx(), [['ip', ip]])));
    expect(await lockedFor(ctx(), [['ip', ip]])).toBeGreaterThan(0);
  });
});
