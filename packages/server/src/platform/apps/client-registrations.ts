import { newClientId } from '../../crypto/ids.js';
import { TOKEN_PREFIX, digest, newSecret, safeEqual } from '../../crypto/tokens.js';
import { clientMetadataWire, readClientMetadata, type ClientMetadata } from '../../oauth/client-metadata.js';
import { InvalidRedirectUri, InvalidToken, TooManyRegistrations } from '../../oauth/errors.js';
import { recordAudit } from '../audit/audit.js';
import type { PlatformContext } from '../context.js';
import { PlatformError } from '../errors.js';
import { checkRedirectUri } from './redirect-uris.js';
import { deleteApp } from './apps.js';

/** A client registered by RFC 7591, installed in some workspace or not yet. */
export interface Registration {
  clientId: string;
  metadata: ClientMetadata;
  createdAt: string;
}

/** docs/oauth.md, "Dynamic client registration": the `token_endpoint_auth_method`s a registration may ask for. */
const AUTH_METHODS = ['none', 'client_secret_basic', 'client_secret_post'] as const;

/** Redirect URIs follow the rules of apps registered in the dashboard (platform/apps/redirect-uris.ts), answered as RFC 7591 errors. */
export function checkRegisteredRedirects(metadata: ClientMetadata): ClientMetadata {
  try {
    return { ...metadata, redirectUris: metadata.redirectUris.map((u) => checkRedirectUri(u, 'redirect_uris')) };
  } catch (err) {
    if (err instanceof PlatformError) throw new InvalidRedirectUri(err.message);
    throw err;
  }
}

export interface RegistrationLimits {
  perAddressPerHour: number;
}

/**
 * RFC 7591 §3: registers a client. Nothing is written to any workspace: the app appears in the
 * workspace that first installs it (installClient in platform/apps/oauth-client-directory.ts). Answers the §3.2.1 body, with the
 * client secret (confidential clients) and the RFC 7592 registration access token, both shown once.
 */
export async function registerClient(
  ctx: PlatformContext,
  raw: unknown,
  address: string,
  limits: RegistrationLimits,
  registrationUri: (clientId: string) => string,
): Promise<Record<string, unknown>> {
  const metadata = checkRegisteredRedirects(readClientMetadata(raw, AUTH_METHODS, 'client_secret_basic', ctx.catalogue));
  const hourAgo = new Date(ctx.now().getTime() - 3_600_000).toISOString();
  const recent = await ctx.db
    .selectFrom('client_registrations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('registered_from', '=', address)
    .where('created_at', '>', hourAgo)
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= limits.perAddressPerHour) throw new TooManyRegistrations('Too many client registrations from this address; try again later.', 3600);
  const clientId = newClientId();
  const registrationToken = newSecret(TOKEN_PREFIX.registrationAccessToken);
  const secret = metadata.tokenEndpointAuthMethod === 'none' ? undefined : newSecret(TOKEN_PREFIX.clientSecret);
  const now = ctx.now();
  await ctx.db
    .insertInto('client_registrations')
    .values({
      client_id: clientId,
      metadata: JSON.stringify(metadata),
      client_secret_digest: secret ? digest(secret) : null,
      client_secret_encrypted: secret ? ctx.secrets.seal(secret) : null,
      registration_token_digest: digest(registrationToken),
      registered_from: address,
      created_at: now.toISOString(),
    })
    .execute();
  await recordAudit(ctx, {
    workspaceId: null,
    eventType: 'app_management',
    eventSubType: 'client_registered',
    payload: { clientId, clientName: metadata.clientName, applicationType: metadata.applicationType },
  });
  return {
    client_id: clientId,
    client_id_issued_at: Math.floor(now.getTime() / 1000),
    ...(secret && { client_secret: secret, client_secret_expires_at: 0 }),
    registration_access_token: registrationToken,
    registration_client_uri: registrationUri(clientId),
    ...clientMetadataWire(metadata),
  };
}

/** A registration by client_id, or undefined. */
export async function findRegistration(
  ctx: PlatformContext,
  clientId: string,
): Promise<(Registration & { secretDigest: string | null; secretSealed: string | null }) | undefined> {
  if (clientId.length > 255) return undefined;
  const row = await ctx.db.selectFrom('client_registrations').selectAll().where('client_id', '=', clientId).executeTakeFirst();
  return (
    row && {
      clientId: row.client_id,
      metadata: JSON.parse(row.metadata) as ClientMetadata,
      createdAt: row.created_at,
      secretDigest: row.client_secret_digest,
      secretSealed: row.client_secret_encrypted,
    }
  );
}

/** RFC 7592 §2: the registration access token must be this client's; otherwise 401 `invalid_token`, saying nothing of the client. */
async function authorizedRegistration(ctx: PlatformContext, clientId: string, presented: string | undefined) {
  const row =
    clientId.length <= 255 ? await ctx.db.selectFrom('client_registrations').selectAll().where('client_id', '=', clientId).executeTakeFirst() : undefined;
  if (!row || presented === undefined || !safeEqual(digest(presented), row.registration_token_digest)) {
    throw new InvalidToken("The registration access token is invalid or not this client's.", 401);
  }
  return row;
}

/** RFC 7592 §2.1: the client's current configuration. */
export async function readRegistration(
  ctx: PlatformContext,
  clientId: string,
  presented: string | undefined,
  registrationUri: string,
): Promise<Record<string, unknown>> {
  const row = await authorizedRegistration(ctx, clientId, presented);
  const metadata = JSON.parse(row.metadata) as ClientMetadata;
  return {
    client_id: row.client_id,
    client_id_issued_at: Math.floor(Date.parse(row.created_at) / 1000),
    registration_client_uri: registrationUri,
    ...clientMetadataWire(metadata),
  };
}

/** RFC 7592 §2.3: deprovisions the client; its app (if a workspace installed it) goes with every grant and token. */
export async function deleteRegistration(ctx: PlatformContext, clientId: string, presented: string | undefined): Promise<void> {
  await authorizedRegistration(ctx, clientId, presented);
  const app = await ctx.db.selectFrom('apps').select('id').where('client_id', '=', clientId).executeTakeFirst();
  if (app) await deleteApp(ctx, app.id);
  await ctx.db.deleteFrom('client_registrations').where('client_id', '=', clientId).execute();
  await recordAudit(ctx, { workspaceId: null, eventType: 'app_management', eventSubType: 'client_registration_deleted', payload: { clientId } });
}

/** docs/deployment.md, "Housekeeping": registrations no workspace installed within `ttlHours` are deleted. */
export function unusedRegistrationsJob(ttlHours: number) {
  return {
    name: 'unused client registrations',
    async sweep(ctx: PlatformContext): Promise<number> {
      const before = new Date(ctx.now().getTime() - ttlHours * 3_600_000).toISOString();
      const installed = ctx.db.selectFrom('apps').select('client_id');
      const result = await ctx.db
        .deleteFrom('client_registrations')
        .where('created_at', '<', before)
        .where('client_id', 'not in', installed)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
