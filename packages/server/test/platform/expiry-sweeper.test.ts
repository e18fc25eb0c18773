import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAttempt, LOCK_MS, WINDOW_MS } from '../../src/platform/accounts/attempt-throttle.js';
import { ExpirySweeper } from '../../src/platform/expiry-sweeper.js';
import { SESSION_TTL_MS, startSession } from '../../src/platform/accounts/sessions.js';
import { createUser } from '../../src/platform/accounts/users.js';
import { PENDING_SIGN_IN_TTL_MS, startPendingSignIn } from '../../src/platform/accounts/two-factor/pending-sign-in.js';
import { issueChallenge } from '../../src/platform/accounts/two-factor/webauthn-challenges.js';
import { backends, createTestRuntime, type TestRuntime } from '../support/runtime.js';

/** docs/deployment.md, "Housekeeping": expired rows go; live ones stay. */
describe.each(backends())('ExpirySweeper on %s', (backend) => {
  let runtime: TestRuntime;
  let now = Date.parse('2026-01-01T00:00:00Z');
  beforeAll(async () => {
    runtime = await createTestRuntime(backend, {}, { now: () => new Date(now) });
  });
  afterAll(() => runtime.dispose());

  const t = {
    get runtime() {
      return runtime;
    },
  };
  const rows = async (table: 'login_attempts' | 'login_sessions') => (await runtime.ctx.db.selectFrom(table).selectAll().execute()).length;

  it('removes throttle keys whose window and lock have passed, and keeps the live ones', async () => {
    const ctx = t.runtime.ctx;
    const minute = 60_000;
    await countAttempt(ctx, [['sign-in', 'locked@example.com']]);
    await countAttempt(ctx, [['sign-in', 'once@example.com']]);
    now += 14 * minute;
    // The fifth failure, late in the window, locks the key for LOCK_MS from now: past the window's end.
    for (let i = 0; i < 4; i++) await countAttempt(ctx, [['sign-in', 'locked@example.com']]);
    now += WINDOW_MS - 14 * minute + minute;
    await countAttempt(ctx, [['sign-in', 'fresh@example.com']]);
    const sweeper = new ExpirySweeper(ctx);
    expect((await sweeper.sweepOnce())['spent sign-in throttles']).toBe(1);
    expect(await countAttempt(ctx, [['sign-in', 'locked@example.com']])).toMatchObject({ allowed: false });
    now += LOCK_MS;
    expect((await sweeper.sweepOnce())['spent sign-in throttles']).toBe(1);
    expect(await rows('login_attempts')).toBe(1);
  });

  it('removes expired sessions and keeps live ones', async () => {
    const ctx = t.runtime.ctx;
    const user = await createUser(ctx, { email: 'sweep@example.com', firstName: 'S', lastName: 'W', password: 'a long enough password' });
    await startSession(ctx, user.id);
    const before = await rows('login_sessions');
    const sweeper = new ExpirySweeper(ctx);
    expect((await sweeper.sweepOnce())['expired sessions']).toBe(0);
    now += SESSION_TTL_MS + 1000;
    expect((await sweeper.sweepOnce())['expired sessions']).toBe(before);
    expect(await rows('login_sessions')).toBe(0);
  });

  it('removes second steps and passkey challenges past their five minutes', async () => {
    const ctx = t.runtime.ctx;
    const user = await createUser(ctx, { email: 'sweep-2fa@example.com', firstName: 'S', lastName: 'W', password: 'a long enough password' });
    await startPendingSignIn(ctx, user.id, 'password', '/');
    await issueChallenge(ctx, 'authenticate', null, 'challenge');
    const sweeper = new ExpirySweeper(ctx);
    expect(await sweeper.sweepOnce()).toMatchObject({ 'expired two-factor steps': 0, 'expired passkey challenges': 0 });
    now += PENDING_SIGN_IN_TTL_MS + 1000;
    expect(await sweeper.sweepOnce()).toMatchObject({ 'expired two-factor steps': 1, 'expired passkey challenges': 1 });
  });

  it('goes on with the other jobs when one fails, and reports the failure', async () => {
    const failures: string[] = [];
    const sweeper = new ExpirySweeper(
      t.runtime.ctx,
      [
        { name: 'broken', sweep: async () => Promise.reject(new Error('down')) },
        { name: 'fine', sweep: async () => 3 },
      ],
      60_000,
      (_err, job) => failures.push(job),
    );
    expect(await sweeper.sweepOnce()).toEqual({ fine: 3 });
    expect(failures).toEqual(['broken']);
  });
});
