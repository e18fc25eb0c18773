import { clearAttempts, countAttempt, forgiveAttempt, throttledAddress, type AttemptKey } from './attempt-throttle.js';
import { recordAudit } from '../audit/audit.js';
import type { PlatformContext } from '../context.js';
import { emailIdentity } from './email-identity.js';
import { recognizeDevice } from './known-devices.js';
import { endSession, startSession } from './sessions.js';
import { authenticateUser, type User } from './users.js';
import { listWorkspacesForUser } from '../workspaces/workspaces.js';

export interface SignInAttempt {
  email: string;
  password: string;
  /** The client's address, as the HTTP layer resolved it (docs/rate-limits.md). */
  address: string;
  /** The session cookie the browser already had: it is ended, so a planted session never survives sign-in. */
  previousSession?: string | undefined;
  /** The browser's device cookie, if it has one, and its User-Agent (for new-device notices). */
  device?: string | undefined;
  browser?: string | undefined;
}

export type SignInResult =
  { outcome: 'signed-in'; user: User; session: string; device: string } | { outcome: 'throttled'; retryAfterSeconds: number } | { outcome: 'refused' };

/**
 * Dashboard and consent sign-in (docs/rate-limits.md, "Sign-in and other account actions"): the attempt
 * is counted for this account from this address and for this address over all accounts before the
 * password hash runs; a success takes its count back and forgets this address's failures for the
 * account, rotates the session, notes the browser (an unknown one is emailed about) and records a `user_access` / `login` event in each of the user's
 * workspaces. A refusal says nothing about whether the account exists.
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
  if (attempt.previousSession) await endSession(ctx, attempt.previousSession);
  const session = await startSession(ctx, user.id);
  const device = await recognizeDevice(ctx, user, attempt.device, { address: attempt.address, browser: attempt.browser ?? '' });
  for (const ws of await listWorkspacesForUser(ctx, user.id)) {
    await recordAudit(ctx, { workspaceId: ws.id, actor: { id: user.id, email: user.email }, eventType: 'user_access', eventSubType: 'login', payload: {} });
  }
  return { outcome: 'signed-in', user, session, device };
}
