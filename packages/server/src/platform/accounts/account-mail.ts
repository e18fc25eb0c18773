import type { MailMessage } from '../../mail/mailer.js';
import type { Role } from '../../domain.js';
import type { Catalogue } from '../../oauth/scopes.js';

/**
 * The words of every message Gatehouse sends (docs/dashboard.md, "Email"). Each carries at most one
 * link, on a line of its own so mail clients keep it whole. They name the catalogue's product and levels
 * (docs/own-api.md, "Where the words appear"); the preset's are "Gatehouse" and "workspace".
 */
const hours = (ms: number) => Math.round(ms / 3_600_000);
const whenText = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export function invitationMail(
  catalogue: Catalogue,
  to: string,
  o: { workspaceName: string; role: Role; inviter: string | null; link: string; expiresAt: string },
): MailMessage {
  return {
    to,
    subject: `You are invited to ${o.workspaceName} on ${catalogue.productName}`,
    text: [
      `${o.inviter ?? 'An administrator'} invited ${to} to join the ${catalogue.levels.workspace.singular} "${o.workspaceName}" as ${o.role === 'admin' ? 'an admin' : 'a member'}.`,
      '',
      'Open this link to accept (you can create an account for this address there if you have none):',
      o.link,
      '',
      `The invitation works once, for this address only, until ${whenText(o.expiresAt)}.`,
      'If you did not expect it, ignore this message.',
    ].join('\n'),
  };
}

export function passwordResetMail({ productName }: Catalogue, to: string, o: { link: string; ttlMs: number }): MailMessage {
  return {
    to,
    subject: `Reset your ${productName} password`,
    text: [
      `Someone asked to reset the password of the ${productName} account for this address.`,
      '',
      'Choose a new password here:',
      o.link,
      '',
      `The link works once, for the next ${hours(o.ttlMs)} hour${hours(o.ttlMs) === 1 ? '' : 's'}. Setting a new password signs the account out everywhere.`,
      'If it was not you, ignore this message: your password stays as it is.',
    ].join('\n'),
  };
}

export function verificationMail({ productName }: Catalogue, to: string, o: { link: string; ttlMs: number }): MailMessage {
  return {
    to,
    subject: `Confirm your email address for ${productName}`,
    text: [
      `Confirm that this address belongs to your new ${productName} account:`,
      o.link,
      '',
      `The link works once, for the next ${Math.round(o.ttlMs / 86_400_000)} days. Until then the account cannot install apps.`,
      'If you did not sign up, ignore this message.',
    ].join('\n'),
  };
}

/** Sign-up with an address that already has an account: the page says the same as for a new one; the owner learns here. */
export function existingAccountMail({ productName }: Catalogue, to: string, o: { signInLink: string; resetLink: string }): MailMessage {
  return {
    to,
    subject: `Someone tried to sign up to ${productName} with your address`,
    text: [
      `There is already a ${productName} account for this address, so nothing was changed.`,
      '',
      'Sign in:',
      o.signInLink,
      '',
      'Forgot your password? Ask for a reset link:',
      o.resetLink,
    ].join('\n'),
  };
}

export function newDeviceMail({ productName }: Catalogue, to: string, o: { at: string; address: string; browser: string; resetLink: string }): MailMessage {
  return {
    to,
    subject: `New sign-in to your ${productName} account`,
    text: [
      `Your ${productName} account was signed in to from a browser it had not been used from before.`,
      '',
      `When:    ${whenText(o.at)}`,
      `Address: ${o.address}`,
      `Browser: ${o.browser.slice(0, 200) || 'unknown'}`,
      '',
      'If this was you, there is nothing to do. If not, reset your password now (that signs out every session):',
      o.resetLink,
    ].join('\n'),
  };
}

/** What changed about an account's two-factor sign-in, in the words of the notice (docs/dashboard.md, "Two-factor sign-in"). */
export type TwoFactorChange = 'turned-on' | 'turned-off' | 'recovery-code-used' | 'recovery-codes-replaced' | 'passkey-added' | 'passkey-removed';

const TWO_FACTOR_SUBJECTS: Record<TwoFactorChange, string> = {
  'turned-on': 'Two-factor sign-in turned on for your PRODUCT account',
  'turned-off': 'Two-factor sign-in turned off for your PRODUCT account',
  'recovery-code-used': 'A recovery code was used to sign in to your PRODUCT account',
  'recovery-codes-replaced': 'New recovery codes for your PRODUCT account',
  'passkey-added': 'A passkey was added to your PRODUCT account',
  'passkey-removed': 'A passkey was removed from your PRODUCT account',
};

export function twoFactorMail(
  { productName }: Catalogue,
  to: string,
  o: { change: TwoFactorChange; at: string; detail?: string; accountLink: string; resetLink: string },
): MailMessage {
  const subject = TWO_FACTOR_SUBJECTS[o.change].replace('PRODUCT', productName);
  return {
    to,
    subject,
    text: [
      `${subject.replace(` for your ${productName} account`, '').replace(` your ${productName} account`, ' your account')} at ${whenText(o.at)}.${o.detail ? ` ${o.detail}` : ''}`,
      '',
      'See your two-factor settings here:',
      o.accountLink,
      '',
      'If it was not you, someone knows your password: reset it now, which signs the account out everywhere:',
      o.resetLink,
    ].join('\n'),
  };
}
