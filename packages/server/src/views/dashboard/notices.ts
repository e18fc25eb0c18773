import { inLevelWords } from '../../oauth/level-words.js';
import type { Catalogue } from '../../oauth/scopes.js';
/** Messages shown after a POST-redirect-GET; the redirect carries only the key, never text. */
const NOTICES: Record<string, string> = {
  'workspace-created': 'Workspace created.',
  'workspace-updated': 'Workspace settings saved.',
  'member-added': 'Member added.',
  'invitation-sent': 'Invitation sent. It works once, for that address, for 7 days.',
  'invitation-not-delivered': 'The invitation is saved, but its email could not be sent just now. Use “Re-send” below in a few minutes.',
  'invitation-resent': 'Invitation sent again with a new link; the old link no longer works.',
  'invitation-revoked': 'Invitation revoked. Its link no longer works.',
  'invitation-accepted': 'Welcome: you joined this workspace.',
  password: 'Your password was changed.',
  'two-factor-on': 'Two-factor sign-in is on.',
  'two-factor-off': 'Two-factor sign-in is off: the authenticator app, passkeys and recovery codes were removed.',
  'totp-already-on': 'An authenticator app is already set up. Turn two-factor sign-in off first to set up another.',
  'recovery-codes-replaced': 'New recovery codes made; the old ones no longer work.',
  'passkey-added': 'Passkey added.',
  'passkey-removed': 'Passkey removed.',
  'two-factor-required': 'Two-factor sign-in is now required of every member of this workspace.',
  'two-factor-optional': 'Two-factor sign-in is no longer required in this workspace.',
  'email-verified': 'Your email address is confirmed.',
  'verification-sent': 'We sent a new confirmation link. It can take a minute to arrive; check spam too.',
  'verification-not-sent': 'We could not send the email just now. Try again in a few minutes.',
  'verification-throttled': 'Too many emails asked for. Try again in 15 minutes.',
  'member-updated': 'Role changed.',
  'member-removed': 'Member removed.',
  'site-created': 'Site created.',
  'site-updated': 'Site settings saved.',
  'domain-added': 'Custom domain added.',
  'domain-removed': 'Custom domain removed.',
  published: 'Site published.',
  'site-deleted': 'Site deleted. Its site tokens, webhooks and the authorizations that reached only it have ended.',
  'comment-posted': 'Comment posted.',
  'webhook-created': 'Webhook created. It receives this site’s events from now on.',
  'webhook-test-sent': 'Test event sent: its delivery is at the top of the list below.',
  'webhook-redelivered': 'Redelivered: the new attempt is recorded below.',
  'webhook-deleted': 'Webhook deleted. Nothing more is sent to it.',
  'token-revoked': 'Token revoked. Requests with it are refused from now on.',
  'admin-key-revoked': 'Admin API key revoked. Requests with it are refused from now on.',
  'app-created': 'App registered.',
  'app-updated': 'App saved.',
  'app-deleted': 'App deleted and its authorizations revoked.',
  'secret-rotated': 'New client secret issued. The old one no longer works.',
  'secret-rotated-overlap': 'New client secret issued. The previous one keeps working until the time shown below.',
  'previous-secret-revoked': 'Previous client secret revoked. Only the current secret works now.',
  'previous-secret-gone': 'There was no previous client secret still working; nothing changed.',
  'authorization-revoked': 'Access revoked. The app’s tokens are refused from now on.',
};

/** The notice in the configured catalogue's words (docs/own-api.md, "Where the words appear"). */
export const noticeText = (catalogue: Catalogue, key: string | undefined): string | undefined => {
  const text = key ? NOTICES[key] : undefined;
  return text === undefined ? undefined : inLevelWords(catalogue, text);
};
