// Baseline: oidc-provider 9 with its in-memory adapter, over a plain Map so nothing is evicted between
// supply and use (its default LRU keeps 1,000 entries). A confidential client authenticating by
// client_secret_post. Every code and every token is made under a Grant of its own, as a real client's
// authorization flow makes them: one shared Grant grows with each code and slows oidc-provider down.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';
import { serveRequests } from '../lib/proc.mjs';

export const REDIRECT = 'https://app.example.com/callback';
const SECRET = 'bench-secret-'.repeat(4);
const store = new Map();
const mapStore = { get: (k) => store.get(k), set: (k, v) => void store.set(k, v), delete: (k) => void store.delete(k) };

const server = createServer();
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const issuer = `http://127.0.0.1:${server.address().port}`;
const provider = new Provider(issuer, {
  adapter: class extends MemoryAdapter {
    constructor(model) {
      super(model, mapStore);
    }
  },
  clients: [
    {
      client_id: 'bench',
      client_secret: SECRET,
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'client_credentials'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
      scope: 'sites:read',
    },
  ],
  features: { introspection: { enabled: true, allowedPolicy: async () => true }, revocation: { enabled: true }, clientCredentials: { enabled: true } },
  pkce: { required: () => false },
  scopes: ['sites:read'],
  ttl: { AccessToken: 3600, AuthorizationCode: 900, ClientCredentials: 3600, Grant: 86400, Session: 86400, Interaction: 3600 },
  findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
});
server.on('request', provider.callback());
const client = await provider.Client.find('bench');
let account = 0;

async function newGrant() {
  const grant = new provider.Grant({ accountId: `user-${++account}`, clientId: 'bench' });
  grant.addOIDCScope('sites:read');
  return { accountId: grant.accountId, grantId: await grant.save() };
}

serveRequests({
  codes: async ({ n }) => {
    const codes = [];
    for (let i = 0; i < n; i++)
      codes.push(await new provider.AuthorizationCode({ ...(await newGrant()), client, redirectUri: REDIRECT, scope: 'sites:read' }).save());
    return codes;
  },
  tokens: async ({ n, shared }) => {
    const tokens = [];
    const one = shared ? await newGrant() : undefined;
    for (let i = 0; i < n; i++) tokens.push(await new provider.AccessToken({ ...(one ?? (await newGrant())), client, scope: 'sites:read' }).save());
    return tokens;
  },
  entries: () => store.size,
});
process.send({
  type: 'ready',
  url: issuer,
  fixture: { clientId: 'bench', clientSecret: SECRET, exchangePath: '/token', introspectPath: '/token/introspection', revokePath: '/token/revocation' },
});
process.on('SIGTERM', () => process.exit(0));
