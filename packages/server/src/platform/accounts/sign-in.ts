import { clearAttempts, countAttempt, forgiveAttempt, throttledAddress, type AttemptKey } from './attempt-throttle.js';
import { recordAudit } from '../audit/audit.js';
import type { PlatformContext } from '../context.js';
import { emailIdentity } from './email-identity.js';
import { recognizeDevice } from './known-devices.js';
import { endSession, startSession } from './sessions.js';
import { hasSecondFactor } from './two-factor/second-factor.js';
import { startPendingSignIn } from './two-factor/pending-sign-in.js';
import { authenticateUser, type User } from './users.js';
import { listWorkspacesForUser } from '../workspaces/workspaces.js';

/** Where a sign-in comes from, as the HTTP layer saw it. */
export interface SignInBrowser {
  /** The client's address, as the HTTP layer resolved it (docs/rate-limits.md). */
  address: string;
  /** The session cookie the browser already had: it is ended, so a planted session never survives sign-in. */
  previousSession?: string | undefined;
  /** The browser's device cookie, if it has one, and its User-Agent (for new-device notices). */
  device?: string | undefined;
  browser?: string | undefined;
}

export interface SignInAttempt extends SignInBrowser {
  email: string;
  password: string;
  /** Where the browser goes once signed in; kept while a second step is pending. */
  returnTo?: string | undefined;
}

export type SignInResult =
  | { outcome: 'signed-in'; user: User; session: string; device: string }
  /** The password was right and the account has a second factor: `pending` goes into the browser's cookie. */
  | { outcome: 'second-factor'; user: User; pending: string }
  | { outcome: 'throttled'; retryAfterSeconds: number }
  | { outcome: 'refused' };

/**
 * Dashboard and consent sign-in (docs/rate-limits.md, "Sign-in and other account actions"): the attempt
 * is counted for this account from this address and for this address over all accounts before the
 * password hash runs; a success takes its count back and forgets this address's failures for the
 * account. An account with a second factor then waits for it (docs/dashboard.md, "Two-factor
 * sign-in"); otherwise the sign-in is finished at once. A refusal says nothing about whether the account exists.
 */
export async function signIn(ctx: PlatformContext, attempt: SignInAttempt): Promise<SignInResult> {
  const account = emailIdentity(attempt.email);
  const from = throttledAddress(attempt.address);
  const pair: AttemptKey = ['sign-in', `${account}|${from}`];
  const address: AttemptKey = ['sign-in-address', from];
  const admission = await countAttempt(ctx, [pair, address]);
  if (!admission.allowed) return { outcome: 'throttled', retryAfterSeconds: admission.retryAfterSeconds };
  const user = await authenticateUser(ctx, account, attempt.password);
  if (!user) return { outcome: 'refused' };
  await clearAttempts(ctx, [pair]);
  await forgiveAttempt(ctx, [address]);
  if (await hasSecondFactor(ctx, user.id)) {
    return { outcome: 'second-factor', user, pending: await startPendingSignIn(ctx, user.id, 'password', attempt.returnTo ?? '/') };
  }
  return { outcome: 'signed-in', user, ...(await finishSignIn(ctx, user, attempt, {})) };
}

/**
 * The end of every sign-in: the browser's old session ends, a new one starts, the browser is noted
 * (an unknown one is emailed about) and a `user_access` / `login` event is recorded in each of the
 * user's workspaces, with how the person signed in.
 */
export async function finishSignIn(
  ctx: PlatformContext,
  user: User,
  from: SignInBrowser,
  payload: Record<string, unknown>,
): Promise<{ session: string; device: string }> {
  if (from.previousSession) await endSession(ctx, from.previousSession);
  const session = await startSession(ctx, user.id);
  const device = await recognizeDevice(ctx, user, from.device, { address: from.address, browser: from.browser ?? '' });
  for (const ws of await listWorkspacesForUser(ctx, user.id)) {
    await recordAudit(ctx, { workspaceId: ws.id, actor: { id: user.id, email: user.email }, eventType: 'user_access', eventSubType: 'login', payload });
  }
  return { session, device };
}
