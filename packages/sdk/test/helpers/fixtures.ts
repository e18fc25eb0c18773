export const BASE = 'http://127.0.0.1:3999';
export const CLIENT_ID = 'a'.repeat(64);
export const CLIENT_SECRET = 'gh_cs_secret';
export const ACCESS_TOKEN = 'gh_at_token';
export const SITE_ID = '0123456789abcdef01234567';
export const WORKSPACE_ID = '89abcdef0123456789abcdef';

export const site = {
  id: SITE_ID,
  workspaceId: WORKSPACE_ID,
  displayName: 'Demo site',
  shortName: 'demo-site',
  previewUrl: 'https://example.com/preview.png',
  timeZone: 'Europe/Paris',
  createdOn: '2024-01-01T00:00:00.000Z',
  lastUpdated: '2024-01-02T00:00:00.000Z',
  lastPublished: null,
  customDomains: [],
  locales: { primary: { id: 'l1', tag: 'en-US', enabled: true }, secondary: [] },
};

export const apiError = (code: string, message: string) => ({ code, message, externalReference: null, details: [] });
