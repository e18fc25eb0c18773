import { OBJECT_ID } from '../../crypto/ids.js';
import type { AuthorizeRequest } from '../../oauth/authorize-request.js';
import type { AuditActor } from '../audit/audit.js';
import { approveInTransaction, recordDenial } from './authorizations.js';
import type { PlatformContext } from '../context.js';
import { EMAIL_NOT_VERIFIED } from '../accounts/email-verification.js';
import { PlatformError } from '../errors.js';
import { transactWithNotices } from '../caches/invalidation-feed.js';
import type { ConsentApp, InstallChoice } from './oauth-consent.js';
import { consumeInteraction } from './oauth-interactions.js';
import { checkTwoFactorRequirement } from '../workspaces/two-factor-requirement.js';

export type ConsentAnswer = { approve: false } | { approve: true; choice: InstallChoice };

export type ConsentOutcome =
  | { kind: 'approved'; code: string; authorizationId: string }
  | { kind: 'denied' }
  /** The parked request is gone (answered already, or expired). */
  | { kind: 'expired' };

/** The consent form as sent: which button, the radio (absent when none was chosen), the workspace and the ticked sites. */
export interface ConsentForm {
  decision: string | undefined;
  target: string | undefined;
  workspaceId: string;
  siteIds: string[];
}

/**
 * What the consent form means (docs/dashboard.md, "Consent screen"). Sites ticked with neither radio chosen mean
 * "these sites", so a browser without JavaScript (which cannot tick the radio for the user) still gets what the
 * user picked; an app restricted to a single site has no radio at all. Throws a PlatformError the page shows.
 */
export function readConsentForm(form: ConsentForm, app: Pick<ConsentApp, 'restrictToSingleSite'>): ConsentAnswer {
  if (form.decision !== 'approve') return { approve: false };
  const siteIds = form.siteIds.slice(0, 500);
  if (!OBJECT_ID.test(form.workspaceId) || siteIds.some((id) => !OBJECT_ID.test(id)))
    throw new PlatformError('validation', 'Choose a workspace or sites from the list.');
  let target: InstallChoice['target'];
  if (form.target === 'workspace' || form.target === 'sites') target = form.target;
  else if (!form.target && (app.restrictToSingleSite || siteIds.length > 0)) target = 'sites';
  else throw new PlatformError('validation', 'Choose the whole workspace or some of its sites.');
  return { approve: true, choice: { workspaceId: form.workspaceId, target, siteIds: target === 'workspace' ? [] : siteIds } };
}

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
    return await transactWithNotices(ctx, async (trx, notices) => {
      const inTrx: PlatformContext = { ...ctx, db: trx };
      // Single use by the database: only one transaction deletes the row (docs/oauth.md, "Protections").
      if (!(await consumeInteraction(inTrx, pending.handle))) throw ALREADY_ANSWERED;
      if (!answer.approve) {
        await recordDenial(inTrx, pending.app, pending.user, pending.request.scopes);
        return { kind: 'denied' } as const;
      }
      const verified = await trx.selectFrom('users').select('email_verified_at').where('id', '=', pending.user.id).executeTakeFirst();
      if (!verified?.email_verified_at) throw new PlatformError('forbidden', EMAIL_NOT_VERIFIED);
      const workspace = await trx.selectFrom('workspaces').select(['id', 'name']).where('id', '=', answer.choice.workspaceId).executeTakeFirst();
      if (workspace) await checkTwoFactorRequirement(inTrx, workspace, pending.user.id);
      const app = pending.install ? await pending.install(inTrx, answer.choice.workspaceId) : pending.app;
      const { code, authorizationId } = await approveInTransaction(inTrx, app, pending.user, pending.request, answer.choice, notices);
      return { kind: 'approved', code, authorizationId } as const;
    });
  } catch (err) {
    if (err === ALREADY_ANSWERED) return { kind: 'expired' };
    throw err;
  }
}
