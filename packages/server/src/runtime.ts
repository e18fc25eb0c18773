import { createDataApiServices, type DataApiOptions, type DataApiServices } from './platform/data-api/data-api-services.js';
import type { Config } from './config/config.js';
import { SecretBox, loadSecretKey, secretKeyFile } from './crypto/secret-box.js';
import { passwordHasher } from './crypto/passwords.js';
import type { PlatformContext } from './platform/context.js';
import { OutboundGuard } from './outbound/outbound-guard.js';
import type { Resolver } from './outbound/resolver.js';
import { createNodeCaches, type NodeCacheOptions } from './platform/caches/node-caches.js';
import { PlatformEvents } from './platform/caches/events.js';
import { DEFAULT_EXPIRY_JOBS, ExpirySweeper } from './platform/expiry-sweeper.js';
import { unusedRegistrationsJob } from './platform/apps/client-registrations.js';
import { clientMetadataDocuments } from './platform/apps/client-metadata-documents.js';
import type { MetadataDocumentSource } from './platform/apps/oauth-client-directory.js';
import { isLoopbackHost } from './platform/apps/redirect-uris.js';
import { usesTerminalLog } from './http/terminal-log.js';
import { createMailTransport } from './mail/create-transport.js';
import { MailService } from './mail/mail-service.js';
import { openDatabase, type DatabaseHandle } from './store/database.js';
import { migrateToLatest } from './store/migrate.js';
import { RuntimeLog } from './runtime-log.js';
import { checkSealingKey } from './platform/secrets/sealing-key-check.js';
import { applyHeapGrowth } from './heap-growth.js';

/** Everything a running Gatehouse holds: config, database, the platform context. */
export interface Runtime {
  config: Config;
  database: DatabaseHandle;
  ctx: PlatformContext;
  /** Data API caches, rate-limit counters, Redis and the webhook delivery worker. */
  dataApi: DataApiServices;
  /** Lines from work outside requests; forwards to the HTTP app's logger once it is built. */
  log: RuntimeLog;
  /** Shared by every copy of the runtime: set when the node starts draining before a shutdown. */
  lifecycle: { draining: boolean };
  /** `ctx.now()` as epoch ms, for what reads the clock on every request: the real clock needs no Date to read it. */
  nowMs: () => number;
  /** Deletes expired rows (parked requests, throttles, sessions) every minute; started by the server. */
  expirySweeper: ExpirySweeper;
  /** Fetches client ID metadata documents when CLIENT_METADATA_DOCUMENTS is on; unset, an https client_id is looked up like any other (docs/oauth.md, "Client ID Metadata Documents"). */
  clientMetadataDocuments?: MetadataDocumentSource | undefined;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** PostgreSQL schema (tests isolate runs with it). */
  schema?: string;
  /** SQLite file name in DATA_DIR; ':memory:' for throwaway tests. */
  sqliteFile?: string;
  now?: () => Date;
  migrate?: boolean;
  dataApi?: DataApiOptions;
  /** Cache lifetimes (tests stretch or shrink them); sizes come from config. */
  cacheTtlMs?: NodeCacheOptions['ttlMs'];
  /** Resolves host names for outbound requests (tests point names at addresses of their choosing). */
  resolve?: Resolver;
  /** One more certificate authority outbound https trusts (tests serve client metadata documents with a CA they make). */
  outboundCa?: string | Buffer;
  /** Where the development outbox prints messages; by default the terminal, when stdout is one (never a log stream). */
  mailPrint?: ((text: string) => void) | undefined;
}

export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  applyHeapGrowth(config.heapGrowthPercent);
  const log = new RuntimeLog();
  const { databaseConnectMs, databaseStatementMs, databaseQueryMs } = config.timeouts;
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    schema: options.schema,
    sqliteFile: options.sqliteFile,
    timeouts: { connectTimeoutMs: databaseConnectMs, statementTimeoutMs: databaseStatementMs, queryTimeoutMs: databaseQueryMs },
    log,
    statementCacheSize: config.cacheSizes.statements,
    pageCacheMiB: config.cacheSizes.sqlitePageCacheMiB,
  });
  try {
    if (options.migrate !== false) await migrateToLatest(database.db);
    const secrets = new SecretBox(loadSecretKey(config.secretKey, config.dataDir));
    // On a schema of the latest version only: `gatehouse migrate` opens no secret, and may find tables not made yet.
    if (options.migrate !== false)
      await checkSealingKey(database.db, secrets, { configured: config.secretKey !== undefined, keyFile: secretKeyFile(config.dataDir) });
    const events = new PlatformEvents();
    const outbound = new OutboundGuard({
      allowPrivate: allowsPrivateTargets(config),
      ...(options.resolve ? { resolve: options.resolve } : {}),
      extraCa: options.outboundCa,
    });
    const now = options.now ?? (() => new Date());
    const print = 'mailPrint' in options ? options.mailPrint : usesTerminalLog(config.host) ? (text: string) => void process.stdout.write(text) : undefined;
    const mail = new MailService(createMailTransport(config, now, print), config.publicUrl, log);
    const nowMs = options.now ? () => now().getTime() : Date.now;
    const caches = createNodeCaches(events, {
      sizes: config.cacheSizes,
      // Every cache lookup reads the clock.
      now: nowMs,
      ...(options.cacheTtlMs ? { ttlMs: options.cacheTtlMs } : {}),
    });
    const ctx: PlatformContext = {
      db: database.db,
      dialect: database.dialect,
      secrets,
      passwords: passwordHasher(config.passwordHashCost),
      now,
      events,
      outbound,
      catalogue: config.catalogue,
      mail,
      caches,
    };
    const dataApi = await createDataApiServices(config, ctx, database, log, options.dataApi);
    const jobs = [...DEFAULT_EXPIRY_JOBS, unusedRegistrationsJob(config.clientRegistration.unusedTtlHours)];
    const expirySweeper = new ExpirySweeper(ctx, jobs, undefined, (err, job) => {
      log.warn({ err, job }, 'expiry sweep failed');
      options.dataApi?.onError?.(err);
    });
    return {
      config,
      database,
      ctx,
      dataApi,
      log,
      lifecycle: { draining: false },
      nowMs,
      expirySweeper,
      clientMetadataDocuments: config.clientMetadataDocuments.enabled
        ? clientMetadataDocuments(config.clientMetadataDocuments, outbound, config.catalogue, now, config.cacheSizes.clientMetadataDocuments)
        : undefined,
      close: async () => {
        expirySweeper.stop();
        mail.close();
        await dataApi.close();
        caches.close();
        events.removeAllListeners();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}

/** docs/data-api.md, "Webhook targets": a development server (loopback PUBLIC_URL) or an explicit setting. */
function allowsPrivateTargets(config: Config): boolean {
  return config.outboundAllowPrivate || isLoopbackHost(new URL(config.publicUrl).hostname);
}
