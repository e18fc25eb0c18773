import { InvalidClientMetadata, InvalidRedirectUri } from './errors.js';
import type { Catalogue } from './scopes.js';

/** RFC 7591 §2 client metadata as Gatehouse keeps it, for dynamically registered clients and metadata documents alike. */
export interface ClientMetadata {
  redirectUris: string[];
  /** `none` makes a public client; `client_secret_basic` / `client_secret_post` a confidential one (registration only). */
  tokenEndpointAuthMethod: 'none' | 'client_secret_basic' | 'client_secret_post';
  grantTypes: string[];
  responseTypes: string[];
  clientName: string | null;
  clientUri: string | null;
  /** Scopes the client may ask for; null for every scope. */
  scopes: string[] | null;
  /** OpenID Connect Dynamic Registration §2: `web` (default) or `native`. */
  applicationType: 'web' | 'native';
}

const GRANT_TYPES = ['authorization_code', 'refresh_token'];
const str = (value: unknown, field: string, max: number): string | null => {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length > max) throw new InvalidClientMetadata(`${field} must be a string of at most ${max} characters.`);
  return value;
};
const strList = (value: unknown, field: string, fallback: string[]): string[] => {
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new InvalidClientMetadata(`${field} must be an array of strings.`);
  return [...new Set(value as string[])];
};

/**
 * RFC 7591 §2 and §3.2.2: reads and judges client metadata. `authMethods` are the
 * `token_endpoint_auth_method`s this kind of client may use; `defaultAuthMethod` applies when it is
 * omitted. Redirect URIs are only read here; their form is judged by the caller (platform/apps/redirect-uris.ts).
 */
export function readClientMetadata(
  raw: unknown,
  authMethods: readonly ClientMetadata['tokenEndpointAuthMethod'][],
  defaultAuthMethod: ClientMetadata['tokenEndpointAuthMethod'],
  catalogue: Catalogue,
): ClientMetadata {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new InvalidClientMetadata('The client metadata must be a JSON object.');
  const m = raw as Record<string, unknown>;
  if (!Array.isArray(m.redirect_uris) || m.redirect_uris.length === 0 || m.redirect_uris.some((u) => typeof u !== 'string')) {
    throw new InvalidRedirectUri('redirect_uris must be a non-empty array of strings.');
  }
  const redirectUris = [...new Set(m.redirect_uris as string[])];
  if (redirectUris.length > 20) throw new InvalidRedirectUri('At most 20 redirect URIs.');
  const method = str(m.token_endpoint_auth_method, 'token_endpoint_auth_method', 64) ?? defaultAuthMethod;
  if (!(authMethods as readonly string[]).includes(method)) {
    throw new InvalidClientMetadata(
      `token_endpoint_auth_method must be ${authMethods.join(' or ')}${method === 'private_key_jwt' ? '; private_key_jwt is not supported' : ''}.`,
    );
  }
  const grantTypes = strList(m.grant_types, 'grant_types', ['authorization_code']);
  const unsupported = grantTypes.filter((g) => !GRANT_TYPES.includes(g));
  if (unsupported.length > 0 || !grantTypes.includes('authorization_code'))
    throw new InvalidClientMetadata('grant_types may hold authorization_code and refresh_token only, and must hold authorization_code.');
  const responseTypes = strList(m.response_types, 'response_types', ['code']);
  if (responseTypes.length !== 1 || responseTypes[0] !== 'code') throw new InvalidClientMetadata('response_types must be ["code"].');
  const scope = str(m.scope, 'scope', 1024);
  const scopes = scope === null ? null : [...new Set(scope.split(' ').filter(Boolean))];
  const unknown = (scopes ?? []).filter((s) => !catalogue.isKnown(s));
  if (unknown.length > 0 || scopes?.length === 0) throw new InvalidClientMetadata(`scope holds unknown scopes: ${unknown.join(', ') || '(none given)'}`);
  const applicationType = str(m.application_type, 'application_type', 16) ?? 'web';
  if (applicationType !== 'web' && applicationType !== 'native') throw new InvalidClientMetadata('application_type must be web or native.');
  const clientUri = str(m.client_uri, 'client_uri', 2000);
  if (clientUri !== null && !/^https:\/\//.test(clientUri)) throw new InvalidClientMetadata('client_uri must be an https URL.');
  return {
    redirectUris,
    tokenEndpointAuthMethod: method as ClientMetadata['tokenEndpointAuthMethod'],
    grantTypes,
    responseTypes,
    clientName: str(m.client_name, 'client_name', 100)?.trim() || null,
    clientUri,
    scopes,
    applicationType,
  };
}

/** RFC 7591 §3.2.1: the metadata as the registration response and RFC 7592 read show it. */
export function clientMetadataWire(m: ClientMetadata): Record<string, unknown> {
  return {
    redirect_uris: m.redirectUris,
    token_endpoint_auth_method: m.tokenEndpointAuthMethod,
    grant_types: m.grantTypes,
    response_types: m.responseTypes,
    application_type: m.applicationType,
    ...(m.clientName !== null && { client_name: m.clientName }),
    ...(m.clientUri !== null && { client_uri: m.clientUri }),
    ...(m.scopes !== null && { scope: m.scopes.join(' ') }),
  };
}
