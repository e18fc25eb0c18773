import { newId } from '../crypto/ids.js';
import { TOKEN_PREFIX, digest, newSecret } from '../crypto/tokens.js';
import type { ClientMetadata } from '../oauth/client-metadata.js';
import type { Catalogue } from '../oauth/scopes.js';
import { findAppByClientId, type App } from './apps.js';
import { recordAudit, type AuditActor } from './audit.js';
import { findRegistration } from './client-registrations.js';
import { isoNow, type PlatformContext } from './context.js';
import type { ConsentApp } from './oauth-consent.js';
import { isLoopbackHost } from './redirect-uris.js';

/** How a client came to be known, for the consent screen (docs/oauth.md, "Client ID Metadata Documents"). */
export interface ClientOrigin {
  kind: 'dynamic' | 'metadata_document';
  /** The host serving the client's metadata document; null for dynamic registrations. */
  documentHost: string | null;
  /** Every redirect URI is on a loopback host: the consent screen warns that any local program could receive the code. */
  localhostOnly: boolean;
}

/** An app as the authorize and consent steps see it; `installed` is false until a workspace first installs a registered client. */
export interface DirectoryClient extends App {
  installed: boolean;
  origin?: ClientOrigin | undefined;
  metadata?: ClientMetadata | undefined;
  /** For a confidential dynamic registration: the secret's digest and sealed value, copied to the app on install. */
  secret?: { digest: string; sealed: string } | undefined;
}

/** Fetches and judges a client ID metadata document (platform/client-metadata-documents.ts). */
export type MetadataDocumentSource = (clientId: string) => Promise<ClientMetadata>;

/** The app a registered client stands for, before any workspace installed it. */
function fromMetadata(catalogue: Catalogue, clientId: string, metadata: ClientMetadata, kind: ClientOrigin['kind'], createdOn: string): DirectoryClient {
  const first = new URL(metadata.redirectUris[0]!);
  const documentHost = kind === 'metadata_document' ? new URL(clientId).hostname : null;
  return {
    id: '',
    workspaceId: '',
    name: metadata.clientName ?? documentHost ?? first.hostname,
    description: '',
    homepage: metadata.clientUri ?? (documentHost ? `https://${documentHost}` : first.origin),
    clientId,
    clientType: metadata.tokenEndpointAuthMethod === 'none' ? 'public' : 'confidential',
    scopes: metadata.scopes ?? [...catalogue.scopeNames],
    redirectUris: metadata.redirectUris,
    restrictToSingleSite: false,
    isPublic: true,
    logoUrl: null,
    createdOn,
    updatedOn: createdOn,
    installed: false,
    metadata,
    origin: { kind, documentHost, localhostOnly: metadata.redirectUris.every((u) => isLoopbackHost(new URL(u).hostname)) },
  };
}

/** docs/oauth.md, "Client ID Metadata Documents": a client_id that is an https URL names its own metadata document. */
export const isMetadataDocumentClientId = (clientId: string): boolean => clientId.startsWith('https://');

/**
 * The client behind a client_id, wherever it was registered: a metadata document (always fetched or
 * revalidated, so its current redirect URIs count), an app of some workspace, or a dynamic registration.
 */
export async function findDirectoryClient(
  ctx: PlatformContext,
  clientId: string,
  documents: MetadataDocumentSource | undefined,
): Promise<DirectoryClient | undefined> {
  const app = await findAppByClientId(ctx, clientId);
  if (isMetadataDocumentClientId(clientId) && documents) {
    const metadata = await documents(clientId);
    const fresh = fromMetadata(ctx.catalogue, clientId, metadata, 'metadata_document', isoNow(ctx));
    return app ? { ...app, installed: true, redirectUris: metadata.redirectUris, name: fresh.name, origin: fresh.origin, metadata } : fresh;
  }
  if (app) return { ...app, installed: true };
  const registration = await findRegistration(ctx, clientId);
  if (!registration) return undefined;
  const client = fromMetadata(ctx.catalogue, clientId, registration.metadata, 'dynamic', registration.createdAt);
  if (registration.secretDigest && registration.secretSealed) client.secret = { digest: registration.secretDigest, sealed: registration.secretSealed };
  return client;
}

/**
 * The first install of a registered client makes its app, in the installer's workspace (docs/oauth.md,
 * "Dynamic client registration"); it is public so any other workspace may install it too. Run inside the
 * consent transaction; when a concurrent first install won, its app is used.
 */
export async function installClient(ctx: PlatformContext, client: DirectoryClient, workspaceId: string, actor: AuditActor): Promise<ConsentApp> {
  const now = isoNow(ctx);
  const unusable = newSecret(TOKEN_PREFIX.clientSecret);
  const id = newId();
  const inserted = await ctx.db
    .insertInto('apps')
    .values({
      id,
      workspace_id: workspaceId,
      name: client.name,
      description: client.origin?.kind === 'metadata_document' ? `Client ID metadata document at ${client.clientId}` : 'Registered dynamically (RFC 7591)',
      homepage: client.homepage,
      client_id: client.clientId,
      client_secret_digest: client.secret?.digest ?? digest(unusable),
      client_secret_encrypted: client.secret?.sealed ?? ctx.secrets.seal(unusable),
      client_type: client.clientType,
      scopes: ctx.catalogue.formatScopes(client.scopes),
      restrict_to_single_site: 0,
      is_public: 1,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('client_id').doNothing())
    .executeTakeFirst();
  const row = await ctx.db.selectFrom('apps').select(['id', 'workspace_id']).where('client_id', '=', client.clientId).executeTakeFirstOrThrow();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0 && row.id === id) {
    await ctx.db
      .insertInto('app_redirect_uris')
      .values(client.redirectUris.map((uri, position) => ({ app_id: id, uri, position })))
      .execute();
    await recordAudit(ctx, {
      workspaceId,
      actor,
      eventType: 'app_management',
      eventSubType: 'app_created',
      payload: { appId: id, name: client.name, clientId: client.clientId, registeredBy: client.origin?.kind },
    });
  }
  return { id: row.id, workspaceId: row.workspace_id, restrictToSingleSite: false, isPublic: true };
}
