import type { ClientMetadataDocumentsConfig } from '../../config/config.js';
import { readClientMetadata, type ClientMetadata } from '../../oauth/client-metadata.js';
import { InvalidClient, InvalidClientMetadata, OAuthError } from '../../oauth/errors.js';
import type { Catalogue } from '../../oauth/scopes.js';
import { OutboundRefused, type OutboundGuard } from '../../outbound/outbound-guard.js';
import { InsertionOrderedMap } from '../../insertion-ordered-map.js';
import { checkRegisteredRedirects } from './client-registrations.js';
import type { MetadataDocumentSource } from './oauth-client-directory.js';

/** docs/oauth.md, "Client ID Metadata Documents": the limits on fetching one. */
export const DOCUMENT_LIMITS = { maxBytes: 5 * 1024, timeoutMs: 5_000, minAgeSeconds: 60, maxAgeSeconds: 24 * 3600 };

interface Cached {
  metadata: ClientMetadata;
  freshUntil: number;
}

/** An entry matches its host and every subdomain of it. */
const listed = (list: string[], host: string) => list.some((entry) => host === entry || host.endsWith(`.${entry}`));

/** RFC 9111 §5.2.2.1 `max-age`, held between the floor and the ceiling; a document without one is kept for the floor. */
export function freshnessSeconds(cacheControl: string | undefined): number {
  const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl ?? '');
  const seconds = maxAge ? Number(maxAge[1]) : 0;
  return Math.min(DOCUMENT_LIMITS.maxAgeSeconds, Math.max(DOCUMENT_LIMITS.minAgeSeconds, seconds));
}

/** The URL rules of a client ID (draft-ietf-oauth-client-id-metadata-document §3): https, a path, no fragment, no credentials, no dot segments. */
function checkDocumentUrl(clientId: string, config: ClientMetadataDocumentsConfig): URL {
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    throw new InvalidClient('The client_id is not a valid URL.');
  }
  if (url.protocol !== 'https:') throw new InvalidClient('A client ID metadata document must be served over https.');
  if (url.href !== clientId || url.hash || url.username || url.password || url.pathname === '/' || /\/\.\.?(\/|$)/.test(clientId.slice(url.origin.length))) {
    throw new InvalidClient('The client_id URL must be a plain https URL with a path, without a fragment, credentials or dot segments.');
  }
  const host = url.hostname.toLowerCase();
  if (listed(config.blockHosts, host) || (config.allowHosts.length > 0 && !listed(config.allowHosts, host))) {
    throw new InvalidClient(`This server does not accept client metadata documents from ${host}.`);
  }
  return url;
}

/** The document's JSON judged: its client_id is its own URL, redirect URIs follow the dashboard rules, and it is a public client. */
function judgeDocument(clientId: string, body: Buffer, catalogue: Catalogue): ClientMetadata {
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString('utf8'));
  } catch {
    throw new InvalidClientMetadata('The client metadata document is not JSON.');
  }
  if (raw && typeof raw === 'object' && (raw as Record<string, unknown>).client_id !== clientId) {
    throw new InvalidClientMetadata('The client metadata document must name its own URL as client_id.');
  }
  if (raw && typeof raw === 'object' && 'client_secret' in raw) throw new InvalidClientMetadata('A client metadata document must not carry a client_secret.');
  return checkRegisteredRedirects(readClientMetadata(raw, ['none'], 'none', catalogue));
}

/**
 * Fetches client ID metadata documents through the outbound guard (so SSRF targets are refused), keeps
 * each for as long as its Cache-Control allows (within a floor and a ceiling), and fetches it again once stale.
 */
export function clientMetadataDocuments(
  config: ClientMetadataDocumentsConfig,
  outbound: OutboundGuard,
  catalogue: Catalogue,
  now: () => Date,
  /** Most documents kept (CLIENT_METADATA_CACHE_SIZE, docs/configuration.md); past it the oldest is forgotten. */
  cachedDocuments: number,
): MetadataDocumentSource {
  const cache = new InsertionOrderedMap<string, Cached>();
  const inFlight = new Map<string, Promise<ClientMetadata>>();

  async function fetchDocument(clientId: string): Promise<ClientMetadata> {
    let res;
    try {
      res = await outbound.get(clientId, { headers: { accept: 'application/json' }, timeoutMs: DOCUMENT_LIMITS.timeoutMs, maxBytes: DOCUMENT_LIMITS.maxBytes });
    } catch (err) {
      if (err instanceof OutboundRefused) throw new InvalidClient(`The client metadata document cannot be fetched: ${err.message}.`);
      const timedOut = (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError';
      throw new InvalidClient(
        timedOut
          ? `The client metadata document did not arrive within ${DOCUMENT_LIMITS.timeoutMs / 1000} seconds.`
          : 'The client metadata document cannot be fetched.',
      );
    }
    if (res.status !== 200) throw new InvalidClient(`The client metadata document answered HTTP ${res.status}, not 200.`);
    const metadata = judgeDocument(clientId, res.body, catalogue);
    if (cache.size >= cachedDocuments) cache.deleteOldest();
    const cacheControl = res.headers['cache-control'];
    cache.set(clientId, { metadata, freshUntil: now().getTime() + freshnessSeconds(cacheControl) * 1000 });
    return metadata;
  }

  return async (clientId) => {
    checkDocumentUrl(clientId, config);
    const cached = cache.get(clientId);
    if (cached && cached.freshUntil > now().getTime()) return cached.metadata;
    const pending = inFlight.get(clientId) ?? fetchDocument(clientId).finally(() => inFlight.delete(clientId));
    inFlight.set(clientId, pending);
    try {
      return await pending;
    } catch (err) {
      if (err instanceof OAuthError) cache.delete(clientId);
      throw err;
    }
  };
}
