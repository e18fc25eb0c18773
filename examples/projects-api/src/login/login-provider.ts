import { generateKeyPairSync, randomBytes } from 'node:crypto';
import express from 'express';
import Provider from 'oidc-provider';
import type { Product } from '../product/product.js';
import { signInPage } from './page.js';

export interface LoginOptions {
  /** Where this provider is reached: its OpenID issuer. */
  issuer: string;
  /** Gatehouse, registered here as a confidential client. */
  gatehouse: { clientId: string; clientSecret: string; redirectUri: string };
}

/**
 * The product's own login, an OpenID provider (oidc-provider) over the product's users. Gatehouse signs
 * people in through it (its `upstreamProviders`), and links them to their Gatehouse accounts by their
 * verified email, the accounts the backend provisioned.
 */
export function createLoginProvider(product: Product, options: LoginOptions): express.Express {
  const provider: Provider = new Provider(options.issuer, {
    clients: [
      {
        client_id: options.gatehouse.clientId,
        client_secret: options.gatehouse.clientSecret,
        redirect_uris: [options.gatehouse.redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    jwks: { keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name'] },
    scopes: ['openid', 'email', 'profile'],
    ttl: { Interaction: 600, Session: 8 * 3600, Grant: 8 * 3600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const user = product.users.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, email: user.email, email_verified: true, given_name: user.firstName, family_name: user.lastName }),
      };
    },
    // Gatehouse is the product's own: its users are not asked to consent to it, only to sign in.
    loadExistingGrant: async (ctx) => {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const existing = session.grantIdFor(client.clientId);
      if (existing) return provider.Grant.find(existing);
      const grant = new provider.Grant({ accountId: session.accountId, clientId: client.clientId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });

  const app = express();
  app.get('/interaction/:uid', async (req, res) => {
    const interaction = await provider.interactionDetails(req, res);
    res.type('html').send(signInPage(interaction.uid));
  });
  app.post('/interaction/:uid/login', express.urlencoded({ extended: false }), async (req, res) => {
    const interaction = await provider.interactionDetails(req, res);
    const { email = '', password = '' } = req.body as { email?: string; password?: string };
    const user = product.checkPassword(email, password);
    if (!user) {
      res
        .status(401)
        .type('html')
        .send(signInPage(interaction.uid, { email, failed: true }));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: user.id } }, { mergeWithLastSubmission: false });
  });
  app.use(provider.callback());
  return app;
}
