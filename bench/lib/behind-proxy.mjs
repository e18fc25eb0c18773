// Gatehouse on SQLite behind a trusted proxy at LOG_LEVEL=info: issue #14's bars hold there too, so the
// reads and OAuth suites both measure this side beside the one at LOG_LEVEL=warn. Every request is logged
// (to /dev/null: the bench ignores a server's stdout), and each carries what a TLS-terminating proxy one
// hop in front adds: the client's address and the scheme it used (docs/deployment.md).
import { startGatehouse } from './servers.mjs';

export const BEHIND_PROXY = 'Gatehouse SQLite, TRUST_PROXY + LOG_LEVEL=info';
const PROXY_HEADERS = { 'X-Forwarded-For': '203.0.113.7', 'X-Forwarded-Proto': 'https' };

/** Starts the side; its `headers` go on every request the load client sends it. */
export async function startGatehouseBehindProxy() {
  const side = await startGatehouse('sqlite', { TRUST_PROXY: '1', LOG_LEVEL: 'info' }, BEHIND_PROXY);
  return { ...side, headers: PROXY_HEADERS };
}

/** The headers to send `side`: a proxy's for this side, none for any other. */
export const headersFor = (side) => side.headers ?? {};
