import { recordAudit } from '../audit/audit.js';
import type { PlatformContext } from '../context.js';
import { provisionUser } from '../admin/admin-directory.js';
import { endSession, startSession } from '../accounts/sessions.js';
import { findUserByEmail, type User } from '../accounts/users.js';
import { startPendingSignIn } from '../accounts/two-factor/pending-sign-in.js';
import { hasSecondFactor } from '../accounts/two-factor/second-factor.js';
import { listWorkspacesForUser } from '../workspaces/workspaces.js';

/** What an upstream provider said about the person, after its ID token was verified. */
export interface UpstreamIdentity {
  providerId: string;
  email: string | undefined;
  emailVerified: boolean;
  givenName?: string | undefined;
  familyName?: string | undefined;
  previousSession?: string | undefined;
  /** Where the browser goes once signed in; kept while a second step is pending. */
  returnTo?: string | undefined;
}

export type UpstreamSignIn =
  | { outcome: 'signed-in'; user: User; session: string; created: boolean }
  /** The account has a second factor (docs/dashboard.md, "Two-factor sign-in"): `pending` goes into the browser's cookie. */
  | { outcome: 'second-factor'; user: User; pending: string }
  | { outcome: 'refused'; reason: string };

/**
 * docs/authentication.md, "Sign-in with your identity provider": the account is the one with the
 * provider's email, if the provider has verified that address (`email_verified`), or a new account made
 * now with that email. An unverified address is refused outright: anyone can type one in at a provider,
 * so it proves nothing about who owns the Gatehouse account with it.
 */
export async function signInUpstream(ctx: PlatformContext, identity: UpstreamIdentity): Promise<UpstreamSignIn> {
  if (!identity.email) return { outcome: 'refused', reason: 'The identity provider did not give an email address.' };
  if (!identity.emailVerified)
    return { outcome: 'refused', reason: 'The identity provider has not verified this email address, so it cannot sign you in here.' };
  let user = await findUserByEmail(ctx, identity.email);
  const created = !user;
  if (!user) {
    const firstName = identity.givenName?.trim() || identity.email.split('@')[0]!;
    user = await provisionUser(ctx, { email: identity.email, firstName, lastName: identity.familyName ?? '' }).catch(async (err: unknown) => {
      // Made by a concurrent first sign-in of the same person: use that account.
      const raced = await findUserByEmail(ctx, identity.email!);
      if (raced) return raced;
      throw err;
    });
  }
  if (!created && (await hasSecondFactor(ctx, user.id)))
    return { outcome: 'second-factor', user, pending: await startPendingSignIn(ctx, user.id, `upstream:${identity.providerId}`, identity.returnTo ?? '/') };
  if (identity.previousSession) await endSession(ctx, identity.previousSession);
  const session = await startSession(ctx, user.id);
  for (const ws of await listWorkspacesForUser(ctx, user.id)) {
    await recordAudit(ctx, {
      workspaceId: ws.id,
      actor: { id: user.id, email: user.email },
      eventType: 'user_access',
      eventSubType: 'login',
      payload: { provider: identity.providerId },
    });
  }
  return { outcome: 'signed-in', user, session, created };
}
