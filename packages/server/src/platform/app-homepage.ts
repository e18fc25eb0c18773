/**
 * docs/dashboard.md, "Consent screen": an app's homepage is shown as verified when it is on the same site as the
 * redirect URI this request sends the user back to (the same host, or one is a subdomain of the other, `www.`
 * aside). Anyone can type any homepage when registering an app; only the redirect URI proves where the code goes,
 * so a homepage elsewhere is shown with a warning instead.
 */
export function homepageMatchesRedirect(homepage: string, redirectUri: string): boolean {
  const host = (raw: string) => {
    try {
      return new URL(raw).hostname.toLowerCase().replace(/^www\./, '');
    } catch {
      return undefined;
    }
  };
  const home = host(homepage);
  const back = host(redirectUri);
  if (!home || !back) return false;
  return home === back || back.endsWith(`.${home}`) || home.endsWith(`.${back}`);
}

/** The host people read: `app.example.com` for `https://app.example.com/about`. */
export function homepageHost(homepage: string): string {
  try {
    return new URL(homepage).host;
  } catch {
    return homepage;
  }
}
