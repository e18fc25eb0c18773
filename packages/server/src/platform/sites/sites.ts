import { newId } from '../../crypto/ids.js';
import { randomHex } from '../../crypto/random-pool.js';
import type { CustomDomainRow, SiteRow } from '../../store/schema.js';
import type { DataCollectionType } from '../../domain.js';
import { rethrowUniqueViolation } from '../../store/unique-violation.js';
import { precompiled } from '../../store/precompiled-query.js';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import { isoNow, type PlatformContext } from '../context.js';
import { PlatformError, notFound, validation } from '../errors.js';
import { slugify } from '../workspaces/workspaces.js';
import { transactWithNotices } from '../caches/invalidation-feed.js';

export interface Domain {
  id: string;
  url: string;
  lastPublished: string | null;
}

/** docs/webflow-wire.md, "Sites" `Site`. */
export interface Site {
  id: string;
  workspaceId: string;
  displayName: string;
  shortName: string;
  timeZone: string;
  previewUrl: string | null;
  createdOn: string;
  lastUpdated: string;
  lastPublished: string | null;
  parentFolderId: string | null;
  locales: unknown;
  customDomains: Domain[];
  dataCollectionEnabled: boolean;
  dataCollectionType: DataCollectionType;
}

export const toDomain = (row: CustomDomainRow): Domain => ({ id: row.id, url: row.url, lastPublished: row.last_published });

export const toSite = (row: SiteRow, domains: CustomDomainRow[]): Site => ({
  id: row.id,
  workspaceId: row.workspace_id,
  displayName: row.display_name,
  shortName: row.short_name,
  timeZone: row.time_zone,
  previewUrl: row.preview_url,
  createdOn: row.created_at,
  lastUpdated: row.last_updated,
  lastPublished: row.last_published,
  parentFolderId: row.parent_folder_id ?? null,
  locales: JSON.parse(row.locales),
  customDomains: domains.map(toDomain),
  dataCollectionEnabled: row.data_collection_enabled === 1,
  dataCollectionType: row.data_collection_type ?? 'disabled',
});

function defaultLocales(): string {
  const primary = {
    id: newId(),
    cmsLocaleId: newId(),
    enabled: true,
    displayName: 'English',
    displayImageId: null,
    redirect: false,
    subdirectory: '',
    tag: 'en',
  };
  return JSON.stringify({ primary, secondary: [] });
}

function checkTimeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz;
  } catch {
    throw validation('timeZone', `Unknown time zone "${tz}"`);
  }
}

export interface NewSite {
  workspaceId: string;
  displayName: string;
  shortName?: string | undefined;
  timeZone?: string | undefined;
  parentFolderId?: string | null | undefined;
  actor?: AuditActor | null;
}

/** Folder ids look like every other object id; Gatehouse keeps them as labels (docs/data-api.md). */
function checkFolderId(id: string | null): string | null {
  if (id !== null && !/^[0-9a-f]{24}$/.test(id)) throw validation('parentFolderId', 'parentFolderId must be a 24-hex id');
  return id;
}

export async function createSite(ctx: PlatformContext, input: NewSite): Promise<Site> {
  const displayName = input.displayName.trim();
  if (!displayName || displayName.length > 100) throw validation('displayName', 'Site name must be 1 to 100 characters');
  const shortName = input.shortName?.trim() || `${slugify(displayName)}-${randomHex(3)}`;
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(shortName)) throw validation('shortName', 'Short name may hold lowercase letters, digits and dashes');
  const now = isoNow(ctx);
  const row: SiteRow = {
    id: newId(),
    workspace_id: input.workspaceId,
    display_name: displayName,
    short_name: shortName,
    time_zone: checkTimeZone(input.timeZone ?? 'UTC'),
    preview_url: `https://screenshots.gatehouse.local/${shortName}.png`,
    locales: defaultLocales(),
    created_at: now,
    last_updated: now,
    last_published: null,
    parent_folder_id: checkFolderId(input.parentFolderId ?? null),
    data_collection_enabled: 0,
    data_collection_type: 'disabled',
  };
  const shortNameTaken = () =>
    new PlatformError('conflict', `The short name "${shortName}" is taken`, [{ field: 'shortName', message: 'This short name is taken' }]);
  await transactWithNotices(ctx, async (trx, notices) => {
    const taken = await trx.selectFrom('sites').select('id').where('short_name', '=', shortName).executeTakeFirst();
    if (taken) throw shortNameTaken();
    await trx.insertInto('sites').values(row).execute();
    await recordAudit(
      ctx,
      {
        workspaceId: input.workspaceId,
        siteId: row.id,
        actor: input.actor,
        eventType: 'site_management',
        eventSubType: 'site_created',
        payload: { displayName },
      },
      trx,
    );
    notices.sitesChanged([], [input.workspaceId]);
  }).catch(rethrowUniqueViolation(shortNameTaken));
  return toSite(row, []);
}

export async function updateSite(
  ctx: PlatformContext,
  siteId: string,
  changes: { displayName?: string | undefined; timeZone?: string | undefined; parentFolderId?: string | null | undefined },
  actor?: AuditActor | null,
): Promise<Site> {
  const set: Partial<SiteRow> = { last_updated: isoNow(ctx) };
  if (changes.displayName !== undefined) {
    const name = changes.displayName.trim();
    if (!name || name.length > 100) throw validation('displayName', 'Site name must be 1 to 100 characters');
    set.display_name = name;
  }
  if (changes.timeZone !== undefined) set.time_zone = checkTimeZone(changes.timeZone);
  if (changes.parentFolderId !== undefined) set.parent_folder_id = checkFolderId(changes.parentFolderId);
  await transactWithNotices(ctx, async (trx, notices) => {
    const before = await trx.selectFrom('sites').selectAll().where('id', '=', siteId).executeTakeFirst();
    if (!before) throw notFound('Site');
    await trx.updateTable('sites').set(set).where('id', '=', siteId).execute();
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    if (set.display_name !== undefined && set.display_name !== before.display_name) changed.displayName = { from: before.display_name, to: set.display_name };
    if (set.time_zone !== undefined && set.time_zone !== before.time_zone) changed.timeZone = { from: before.time_zone, to: set.time_zone };
    if (set.parent_folder_id !== undefined && set.parent_folder_id !== (before.parent_folder_id ?? null))
      changed.parentFolderId = { from: before.parent_folder_id ?? null, to: set.parent_folder_id };
    if (Object.keys(changed).length > 0) {
      await recordAudit(
        ctx,
        { workspaceId: before.workspace_id, siteId, actor, eventType: 'site_management', eventSubType: 'site_updated', payload: { changes: changed } },
        trx,
      );
    }
    notices.sitesChanged([siteId]);
  });
  return getSite(ctx, siteId);
}

// Get Site is the Data API's hottest read: a site and its domains in one precompiled query (store/precompiled-query.ts).
type SiteWithDomainRow = SiteRow & {
  domain_id: string | null;
  domain_url: string | null;
  domain_last_published: string | null;
  domain_created_at: string | null;
};
const siteWithDomains = precompiled<'siteId', SiteWithDomainRow>((db, p) =>
  db
    .selectFrom('sites')
    .leftJoin('custom_domains as d', 'd.site_id', 'sites.id')
    .selectAll('sites')
    .select(['d.id as domain_id', 'd.url as domain_url', 'd.last_published as domain_last_published', 'd.created_at as domain_created_at'])
    .where('sites.id', '=', p('siteId'))
    .orderBy('d.created_at'),
);

export async function getSite(ctx: PlatformContext, siteId: string): Promise<Site> {
  const { rows } = await siteWithDomains(ctx.db, ctx.dialect, { siteId });
  const [row] = rows;
  if (!row) throw notFound('Site');
  const domains: CustomDomainRow[] = [];
  for (const r of rows) {
    if (r.domain_id !== null)
      domains.push({ id: r.domain_id, site_id: siteId, url: r.domain_url!, last_published: r.domain_last_published, created_at: r.domain_created_at! });
  }
  const { domain_id: _id, domain_url: _url, domain_last_published: _published, domain_created_at: _created, ...site } = row;
  return toSite(site, domains);
}

const siteIdsOfWorkspace = precompiled<'workspaceId', { id: string }>((db, p) =>
  db.selectFrom('sites').select('id').where('workspace_id', '=', p('workspaceId')).orderBy('created_at').orderBy('id'),
);

/** A workspace's site ids, oldest first (the order List Sites and introspection answer in). */
export async function listSiteIdsOfWorkspace(ctx: PlatformContext, workspaceId: string): Promise<string[]> {
  return (await siteIdsOfWorkspace(ctx.db, ctx.dialect, { workspaceId })).rows.map((r) => r.id);
}

/** Sites of the given workspaces, or the given site ids; with their domains, in one round trip each. */
export async function listSites(ctx: PlatformContext, filter: { workspaceIds?: string[]; siteIds?: string[] }): Promise<Site[]> {
  let query = ctx.db.selectFrom('sites').selectAll();
  if (filter.workspaceIds) {
    if (filter.workspaceIds.length === 0) return [];
    query = query.where('workspace_id', 'in', filter.workspaceIds);
  }
  if (filter.siteIds) {
    if (filter.siteIds.length === 0) return [];
    query = query.where('id', 'in', filter.siteIds);
  }
  const rows = await query.orderBy('created_at').orderBy('id').execute();
  if (rows.length === 0) return [];
  const domains = await ctx.db
    .selectFrom('custom_domains')
    .selectAll()
    .where(
      'site_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('created_at')
    .execute();
  return rows.map((r) =>
    toSite(
      r,
      domains.filter((d) => d.site_id === r.id),
    ),
  );
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export async function addCustomDomain(ctx: PlatformContext, siteId: string, url: string): Promise<Domain> {
  const host = url.trim().toLowerCase();
  if (!HOSTNAME.test(host)) throw validation('url', 'Enter a domain name such as www.example.com');
  await getSite(ctx, siteId);
  const row: CustomDomainRow = { id: newId(), site_id: siteId, url: host, last_published: null, created_at: isoNow(ctx) };
  await transactWithNotices(ctx, async (trx, notices) => {
    const inserted = await trx
      .insertInto('custom_domains')
      .values(row)
      .onConflict((oc) => oc.columns(['site_id', 'url']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) throw new PlatformError('conflict', 'That domain is already on this site');
    notices.sitesChanged([siteId]);
  });
  return toDomain(row);
}

export async function removeCustomDomain(ctx: PlatformContext, siteId: string, domainId: string): Promise<void> {
  await transactWithNotices(ctx, async (trx, notices) => {
    const result = await trx.deleteFrom('custom_domains').where('site_id', '=', siteId).where('id', '=', domainId).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw notFound('Domain');
    notices.sitesChanged([siteId]);
  });
}
