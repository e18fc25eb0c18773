import type { GatehouseClient } from '../../src/index.js';
import { generatePkcePair, generateState } from '../../src/index.js';
import { FormBrowser, hiddenValue, inputsOf } from './form-browser.js';
import type { RunningGatehouse } from './gatehouse-process.js';

/** What the consent screen should be answered with. */
export interface ConsentChoice {
  scope: string[];
  /** The whole workspace, or the sites whose names are listed. */
  target: 'workspace' | { sites: string[] };
  decision?: 'approve' | 'deny';
}

/**
 * Runs authorize → login → consent through the HTML forms and returns the redirect back to the app,
 * with the PKCE verifier and state that went out.
 */
export async function authorizeThroughForms(gatehouse: RunningGatehouse, client: GatehouseClient, choice: ConsentChoice) {
  const browser = new FormBrowser(gatehouse.url);
  const state = generateState();
  const { codeVerifier, codeChallenge } = await generatePkcePair();
  const start = await browser.request(client.authorizeURL({ scope: choice.scope, state, redirectUri: gatehouse.demo.redirectUri, codeChallenge }));
  if (start.status !== 303 || !start.location) throw new Error(`authorize answered ${start.status}: ${start.text.slice(0, 300)}`);
  const loginPage = await browser.request(start.location);
  const loggedIn = await browser.request('/login', {
    _csrf: hiddenValue(loginPage.text, '_csrf'),
    return_to: hiddenValue(loginPage.text, 'return_to'),
    email: gatehouse.demo.email,
    password: gatehouse.demo.password,
  });
  const consent = await browser.request(loggedIn.location ?? '');
  if (consent.status !== 200) throw new Error(`consent answered ${consent.status}: ${consent.text.slice(0, 300)}`);
  const siteIds =
    choice.target === 'workspace'
      ? []
      : choice.target.sites.map((name) => {
          const input = inputsOf(consent.text).find((i) => i.attrs.name === 'site_id' && i.label.startsWith(name));
          if (!input) throw new Error(`no site "${name}" on the consent screen`);
          return input.attrs.value!;
        });
  const decided = await browser.request('/oauth/authorize/decision', {
    _csrf: hiddenValue(consent.text, '_csrf'),
    interaction: hiddenValue(consent.text, 'interaction'),
    workspace_id: hiddenValue(consent.text, 'workspace_id'),
    target: choice.target === 'workspace' ? 'workspace' : 'sites',
    site_id: siteIds,
    decision: choice.decision ?? 'approve',
  });
  if (decided.status !== 303 || !decided.location) throw new Error(`decision answered ${decided.status}: ${decided.text.slice(0, 300)}`);
  return { redirect: new URL(decided.location), state, codeVerifier };
}

/** The consent flow plus the code exchange: an access token for the demo app. */
export async function demoAccessToken(gatehouse: RunningGatehouse, client: GatehouseClient, choice: ConsentChoice) {
  const { redirect, codeVerifier } = await authorizeThroughForms(gatehouse, client, choice);
  const code = redirect.searchParams.get('code');
  if (!code) throw new Error(`no code in ${redirect.href}`);
  return client.getAccessToken({ code, redirectUri: gatehouse.demo.redirectUri, codeVerifier });
}
