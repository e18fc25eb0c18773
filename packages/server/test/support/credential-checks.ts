import { InvalidClient } from '../../src/oauth/errors.js';
import type { PlatformContext } from '../../src/platform/context.js';
import { authenticateOAuthClient } from '../../src/platform/apps/oauth-clients.js';
import { introspectToken, type ActiveIntrospection } from '../../src/platform/tokens/oauth-introspection.js';

/** Whether the token endpoint would accept this client_id and client_secret: the app's id, or undefined. */
export async function authenticateClient(ctx: PlatformContext, clientId: string, clientSecret: string): Promise<{ id: string } | undefined> {
  try {
    const client = await authenticateOAuthClient(ctx, { clientId, clientSecret, viaBasic: false }, { allowPublicWithoutSecret: false });
    return { id: client.appId };
  } catch (err) {
    if (err instanceof InvalidClient) return undefined;
    throw err;
  }
}

/** What RFC 7662 introspection would answer for an access token, or undefined when it is inactive. */
export async function introspectAccessToken(ctx: PlatformContext, token: string): Promise<ActiveIntrospection | undefined> {
  return introspectToken(ctx, token);
}
