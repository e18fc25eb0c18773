/** Messages shown after a POST-redirect-GET; the redirect carries only the key, never text. */
const NOTICES: Record<string, string> = {
  'workspace-created': 'Workspace created.',
  'workspace-updated': 'Workspace settings saved.',
  'member-added': 'Member added.',
  'member-added-if-account': 'If a Gatehouse account uses that address, it is now a member of this workspace.',
  'member-updated': 'Role changed.',
  'member-removed': 'Member removed.',
  'site-created': 'Site created.',
  'site-updated': 'Site settings saved.',
  'domain-added': 'Custom domain added.',
  'domain-removed': 'Custom domain removed.',
  published: 'Site published.',
  'site-deleted': 'Site deleted. Its site tokens, webhooks and the authorizations that reached only it have ended.',
  'comment-posted': 'Comment posted.',
  'token-revoked': 'Token revoked. Requests with it are refused from now on.',
  'app-created': 'App registered.',
  'app-updated': 'App saved.',
  'app-deleted': 'App deleted and its authorizations revoked.',
  'secret-rotated': 'New client secret issued. The old one no longer works.',
  'authorization-revoked': 'Access revoked. The app’s tokens are refused from now on.',
};

export const noticeText = (key: string | undefined): string | undefined => (key ? NOTICES[key] : undefined);
