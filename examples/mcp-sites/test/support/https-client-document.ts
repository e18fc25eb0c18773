import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A certificate authority made for one test run, and a certificate it signed for 127.0.0.1. */
export interface LoopbackCertificates {
  /** PEM file of the CA: what NODE_EXTRA_CA_CERTS names for the process that fetches. */
  caFile: string;
  key: Buffer;
  cert: Buffer;
  remove(): void;
}

/** Makes the CA and the 127.0.0.1 certificate with openssl. */
export function makeLoopbackCertificates(): LoopbackCertificates {
  const dir = mkdtempSync(path.join(tmpdir(), 'mcp-sites-tls-'));
  const at = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=mcp-sites test CA',
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.pem'),
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', at('leaf.key'), '-out', at('leaf.csr'));
  writeFileSync(at('leaf.ext'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  openssl(
    'x509',
    '-req',
    '-in',
    at('leaf.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    at('leaf.ext'),
    '-out',
    at('leaf.pem'),
  );
  return {
    caFile: at('ca.pem'),
    key: readFileSync(at('leaf.key')),
    cert: readFileSync(at('leaf.pem')),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A Client ID Metadata Document served over https on loopback: its URL is the `client_id`, and the document says so
 * (`client_id` equal to the URL), with the client's redirect URI and `token_endpoint_auth_method: none`.
 */
export async function serveClientDocument(
  certs: LoopbackCertificates,
  redirectUri: string,
): Promise<{ url: string; fetches: () => number; close: () => Promise<void> }> {
  let fetches = 0;
  let url = '';
  const server: Server = createServer({ key: certs.key, cert: certs.cert }, (req, res) => {
    if (req.url !== '/client.json') return void res.writeHead(404).end();
    fetches++;
    const document = {
      client_id: url,
      client_name: 'MCP interop client',
      client_uri: new URL('/', url).href,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' }).end(JSON.stringify(document));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/client.json`;
  return { url, fetches: () => fetches, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
