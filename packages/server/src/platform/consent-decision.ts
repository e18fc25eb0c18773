import type { AuthorizeRequest } from '../oauth/authorize-request.js';
import type { AuditActor } from './audit.js';
import { approveInTransaction, recordDenial } from './authorizations.js';
import type { PlatformContext } from './context.js';
import { EMAIL_NOT_VERIFIED } from './email-verification.js';
import { PlatformError } from './errors.js';
import type { ConsentApp, InstallChoice } from './oauth-consent.js';
import { consumeInteraction } from './oauth-interactions.js';

export type ConsentAnswer = { approve: false } | { approve: true; choice: InstallChoice };

export type ConsentOutcome =
  | { kind: 'approved'; code: string; authorizationId: string }
  | { kind: 'denied' }
  /** The parked request is gone (answered already, or expired). */
  | { kind: 'expired' };

const ALREADY_ANSWERED = Symbol('already answered');

/**
 * The user's answer on the consent screen (docs/webflow-wire.md, "Consent", RFC 6749 §4.1.2). One transaction consumes
 * the parked request and records the outcome: the install choice is checked once, there, and the code
 * is issued there. If anything fails (a rule, or the database), nothing is written and the parked
 * request stays open for another try; a rule failure is thrown as a PlatformError.
 */
export async function decideConsent(
  ctx: PlatformContext,
  pending: {
    handle: string;
    app: ConsentApp;
    user: AuditActor & { id: string };
    request: AuthorizeRequest;
    /** A registered client no workspace has installed yet: makes its app in the chosen workspace, in this transaction. */
    install?: ((ctx: PlatformContext, workspaceId: string) => Promise<ConsentApp>) | undefined;
  },
  answer: ConsentAnswer,
): Promise<ConsentOutcome> {
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const inTrx: PlatformContext = { ...ctx, db: trx };
      // Single use by the database: only one transaction deletes the row (docs/oauth.md, "Protections").
      if (!(await consumeInteraction(inTrx, pending.handle))) throw ALREADY_ANSWERED;
      if (!answer.approve) {
        await recordDenial(inTrx, pending.app, pending.user, pending.request.scopes);
        return { kind: 'denied' } as const;
      }
      const verified = await trx.selectFrom('users').select('email_verified_at').where('id', '=', pending.user.id).executeTakeFirst();
      if (!verified?.email_verified_at) throw new PlatformError('forbidden', EMAIL_NOT_VERIFIED);
      const app = pending.install ? await pending.install(inTrx, answer.choice.workspaceId) : pending.app;
      const { code, authorizationId } = await approveInTransaction(inTrx, app, pending.user, pending.request, answer.choice);
      return { kind: 'approved', code, authorizationId } as const;
    });
  } catch (err) {
    if (err === ALREADY_ANSWERED) return { kind: 'expired' };
    throw err;
  }
}
