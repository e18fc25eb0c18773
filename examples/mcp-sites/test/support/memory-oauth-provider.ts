import { randomBytes } from 'node:crypto';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';

/** How the client gets its `client_id`: pre-registered, RFC 7591 dynamic registration, or a Client ID Metadata Document URL. */
export type Registration = { kind: 'preregistered'; clientId: string } | { kind: 'dynamic' } | { kind: 'metadata-document'; url: string };

/**
 * The storage an MCP host gives the SDK's OAuth client: everything in memory, and each authorization URL the SDK
 * wants the user sent to is recorded, where a desktop host would open a browser.
 */
export class MemoryOAuthProvider implements OAuthClientProvider {
  readonly authorizationUrls: URL[] = [];
  readonly clientMetadataUrl: string | undefined;
  private client: OAuthClientInformationMixed | undefined;
  private stored: OAuthTokens | undefined;
  private verifier = '';

  constructor(
    readonly redirectUrl: string,
    registration: Registration,
  ) {
    if (registration.kind === 'preregistered') this.client = { client_id: registration.clientId };
    this.clientMetadataUrl = registration.kind === 'metadata-document' ? registration.url : undefined;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'MCP interop client',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  state(): string {
    return randomBytes(16).toString('base64url');
  }
  clientInformation(): OAuthClientInformationMixed | undefined {
    return this.client;
  }
  saveClientInformation(info: OAuthClientInformationMixed): void {
    this.client = info;
  }
  tokens(): OAuthTokens | undefined {
    return this.stored;
  }
  saveTokens(tokens: OAuthTokens): void {
    this.stored = tokens;
  }
  redirectToAuthorization(url: URL): void {
    this.authorizationUrls.push(url);
  }
  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }
  codeVerifier(): string {
    return this.verifier;
  }
  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): void {
    if (scope === 'all' || scope === 'tokens') this.stored = undefined;
    if (scope === 'all' || scope === 'client') this.client = undefined;
  }
}
