import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const RS_CLIENT_ID = 'b'.repeat(64);
export const RS_CLIENT_SECRET = 'gh_cs_resource_server';

/** A token the fake knows: its scopes, and `exp` when it expires. */
interface KnownToken {
  scope: string;
  exp?: number;
  aud?: string | string[];
}

/**
 * A tiny RFC 7662 endpoint on 127.0.0.1: `POST /oauth/introspect` with Basic client auth, answering
 * from an in-memory token table that tests change (issue, revoke).
 */
export async function startFakeIntrospectionServer() {
  const tokens = new Map<string, KnownToken>();
  let calls = 0;
  const expectedAuth = `Basic ${Buffer.from(`${RS_CLIENT_ID}:${RS_CLIENT_SECRET}`).toString('base64')}`;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.method !== 'POST' || req.url !== '/oauth/introspect') return void res.writeHead(404).end('{}');
      if (req.headers.authorization !== expectedAuth) {
        return void res.writeHead(401).end(JSON.stringify({ error: 'invalid_client', error_description: 'Client authentication failed' }));
      }
      calls++;
      const token = tokens.get(new URLSearchParams(body).get('token') ?? '');
      const answer = token
        ? {
            active: true,
            scope: token.scope,
            client_id: 'c'.repeat(64),
            token_type: 'bearer',
            sub: 'user-1',
            iat: 1,
            exp: token.exp,
            aud: token.aud,
            site_ids: ['s1'],
          }
        : { active: false };
      res.writeHead(200).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    issue: (token: string, scope: string, exp?: number, aud?: string | string[]) =>
      void tokens.set(token, { scope, ...(exp !== undefined && { exp }), ...(aud !== undefined && { aud }) }),
    revoke: (token: string) => void tokens.delete(token),
    get calls() {
      return calls;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeIntrospectionServer = Awaited<ReturnType<typeof startFakeIntrospectionServer>>;
