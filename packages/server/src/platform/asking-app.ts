import { findAppByClientId } from './apps.js';
import type { PlatformContext } from './context.js';
import { loadInteraction } from './oauth-interactions.js';

/** The app a sign-in page is on the way to (docs/dashboard.md, "Consent screen"), as the page shows it. */
export interface AskingApp {
  name: string;
  homepage: string;
  logoUrl: string | null;
}

/**
 * When sign-in was reached from `/oauth/authorize`, its return path names the parked request: the app behind it is
 * shown on the page, so the user knows who is asking before typing a password. Anything else answers undefined.
 */
export async function askingApp(ctx: PlatformContext, returnTo: string): Promise<AskingApp | undefined> {
  const url = new URL(returnTo, 'http://gatehouse.invalid');
  if (url.pathname !== '/oauth/authorize/resume') return undefined;
  const request = await loadInteraction(ctx, url.searchParams.get('interaction'));
  if (!request) return undefined;
  const app = await findAppByClientId(ctx, request.clientId);
  return app && { name: app.name, homepage: app.homepage, logoUrl: app.logoUrl ?? null };
}
