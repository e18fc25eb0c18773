import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resendVerification } from '../../../src/platform/accounts/email-verification.js';
import { recognizeDevice } from '../../../src/platform/accounts/known-devices.js';
import { requestPasswordReset } from '../../../src/platform/accounts/password-reset.js';
import { beginTotpSetup, totpCode } from '../../../src/platform/accounts/two-factor/totp.js';
import { confirmTotp, regenerateRecoveryCodes } from '../../../src/platform/accounts/two-factor/two-factor-settings.js';
import { createUser } from '../../../src/platform/accounts/users.js';
import { inviteMember } from '../../../src/platform/workspaces/invitations.js';
import { createWorkspace } from '../../../src/platform/workspaces/workspaces.js';
import { PASSWORD } from '../../support/fixtures.js';
import { createTestApp } from '../../support/runtime.js';
import { SmtpSink, type ReceivedMail } from '../../support/smtp-sink.js';
import { DashboardAgent } from '../dashboard/dashboard-agent.js';

const EXAMPLE = fileURLToPath(new URL('../../../gatehouse.config.example.json', import.meta.url));
const PLACE = { address: '203.0.113.7', browser: 'TestBrowser/1.0' };
/** The preset's words, in what Gatehouse wrote: the organization's own name is the admin's, and stays as typed. */
const BUILT_IN = /\b(workspaces?|sites?|webflow|gatehouse)\b/i;
const ORG_NAME = 'Site Builders';
const ownWords = (m: ReceivedMail) => `${m.subject}\n${m.text}`.replaceAll(ORG_NAME, '');

/** docs/own-api.md, "Where the words appear": every message, sent through a real SMTP server, names the catalogue's product and levels. */
describe('email with a catalogue of its own', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await createTestApp('sqlite', { SMTP_URL: sink.url, GATEHOUSE_CONFIG: EXAMPLE });
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('says the product name and the configured level words in invitations, resets, verification, sign-in and two-factor notices', async () => {
    const { ctx } = t.runtime;
    const owner = await createUser(ctx, { email: 'olga@example.com', password: PASSWORD, firstName: 'Olga', lastName: 'Owner' });
    // A name with a built-in word in it, quoted in the invitation as the admin typed it.
    const org = await createWorkspace(ctx, { name: ORG_NAME, ownerUserId: owner.id });
    await inviteMember(ctx, org.id, 'ivan@example.com', 'member', { id: owner.id, email: owner.email, role: 'admin' });
    await requestPasswordReset(ctx, owner.email, '127.0.0.1');
    const fresh = await createUser(ctx, { email: 'fay@example.com', password: PASSWORD, firstName: 'Fay', lastName: 'Fresh', emailVerified: false });
    await resendVerification(ctx, fresh);
    await recognizeDevice(ctx, owner, undefined, PLACE);
    await recognizeDevice(ctx, owner, undefined, PLACE);
    const setup = await beginTotpSetup(ctx, owner);
    await confirmTotp(ctx, owner, totpCode(setup.secret, new Date()));
    await regenerateRecoveryCodes(ctx, owner);
    // Sign-up with an address that has an account: its owner is told by mail.
    const visitor = new DashboardAgent(t.app);
    await visitor.get('/signup');
    expect((await visitor.post('/signup', { email: owner.email, first_name: 'M', last_name: '', password: 'another long password' })).statusCode).toBe(303);
    await ctx.mail.settled();

    const subjects = sink.received.map((m) => m.subject);
    expect(subjects).toEqual(
      expect.arrayContaining([
        'You are invited to Site Builders on Acme Projects',
        'Reset your Acme Projects password',
        'Confirm your email address for Acme Projects',
        'New sign-in to your Acme Projects account',
        'Two-factor sign-in turned on for your Acme Projects account',
        'New recovery codes for your Acme Projects account',
        'Someone tried to sign up to Acme Projects with your address',
      ]),
    );
    expect(sink.received).toHaveLength(7);
    const invitation = sink.received.find((m) => m.subject.startsWith('You are invited'))!;
    expect(invitation.text).toContain('invited ivan@example.com to join the organization "Site Builders" as a member.');
    expect(sink.received.find((m) => m.subject.startsWith('Reset'))!.text).toContain('the password of the Acme Projects account for this address');
    expect(sink.received.map((m) => [m.subject, ownWords(m).match(BUILT_IN)?.[0]]).filter(([, word]) => word)).toEqual([]);
  });
});
