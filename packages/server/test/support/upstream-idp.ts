import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';

/** People the test identity provider knows, by the login typed on its sign-in form. */
export type IdpPeople = Record<string, { email: string; email_verified: boolean; given_name?: string; family_name?: string }>;

/**
 * A real OpenID provider (oidc-provider, with its development sign-in and consent forms) on loopback,
 * for Gatehouse to delegate sign-in to. `listen` first, so Gatehouse can be configured with the issuer;
 * `serve` once Gatehouse's callback URL is known.
 */
export async function startUpstreamIdp() {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const client = { clientId: 'gatehouse', clientSecret: 'upstream-test-secret-'.repeat(3) };
  return {
    issuer,
    ...client,
    serve(redirectUri: string, people: IdpPeople) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: client.clientId,
            client_secret: client.clientSecret,
            redirect_uris: [redirectUri],
            response_types: ['code'],
            grant_types: ['authorization_code'],
          },
        ],
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name'] },
        scopes: ['openid', 'email', 'profile'],
        findAccount: async (_ctx, sub) => {
          const person = people[sub];
          return person ? { accountId: sub, claims: async () => ({ sub, ...person }) } : undefined;
        },
      });
      server.on('request', provider.callback());
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
