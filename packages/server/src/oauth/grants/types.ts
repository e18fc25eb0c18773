/** The client a token request was authenticated as. */
export interface AuthenticatedClient {
  appId: string;
  clientId: string;
  clientType: 'confidential' | 'public';
  /** False for a public client that presented only its client_id. */
  authenticatedWithSecret: boolean;
}

/** RFC 6749 §5.1 successful token response, in camelCase (routes convert to wire names). */
export interface IssuedTokens {
  accessToken: string;
  scope: string;
  refreshToken?: string | undefined;
  expiresIn?: number | undefined;
}

export type Grant = (client: AuthenticatedClient, params: Record<string, string>) => Promise<IssuedTokens>;
