import { codeChallengeS256 } from '@gatehouse/sdk';

/** A fake Gatehouse behind the SDK's `fetch`: one code, one token, revocable. */
export function fakeGatehouse() {
  const state = { challenge: '', revoked: false, exchanges: [] as Record<string, string>[], revocations: 0 };
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    const body = typeof init.body === 'string' && init.body.startsWith('{') ? (JSON.parse(init.body) as Record<string, string>) : {};
    if (url.pathname === '/oauth/access_token') {
      state.exchanges.push(body);
      if (body.code !== 'good-code' || (await codeChallengeS256(body.code_verifier ?? '')) !== state.challenge) {
        return json(400, { error: 'invalid_grant', error_description: 'The code is invalid' });
      }
      return json(200, { access_token: 'tok-1', token_type: 'bearer', scope: 'sites:read authorized_user:read' });
    }
    if (url.pathname === '/oauth/revoke_authorization') {
      state.revocations++;
      state.revoked = true;
      return json(200, { did_revoke: true });
    }
    const auth = new Headers(init.headers).get('authorization');
    if (auth !== 'Bearer tok-1' || state.revoked) {
      return json(401, { code: 'not_authorized', message: 'Request not authorized', externalReference: null, details: [] });
    }
    if (url.pathname === '/v2/sites') {
      return json(200, { sites: [{ id: '0123456789abcdef01234567', displayName: 'Marketing <Site>', shortName: 'marketing' }] });
    }
    if (url.pathname === '/v2/token/authorized_by') return json(200, { id: 'u1', email: 'demo@gatehouse.local', firstName: 'Demo', lastName: 'Admin' });
    return json(404, { code: 'resource_not_found', message: 'Not found', externalReference: null, details: [] });
  };
  return { fetch: fetch as typeof globalThis.fetch, state };
}
