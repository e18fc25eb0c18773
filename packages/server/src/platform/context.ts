import type { Catalogue } from '../oauth/scopes.js';
import type { Kysely } from 'kysely';
import type { PasswordHasher } from '../crypto/passwords.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { MailService } from '../mail/mail-service.js';
import type { OutboundGuard } from '../outbound/outbound-guard.js';
import type { Dialect } from '../store/database.js';
import type { Database } from '../store/schema.js';
import type { NodeCaches } from './caches/node-caches.js';
import type { PlatformEvents } from './caches/events.js';

/** What every platform operation needs: the database, the sealing key, the password hasher and a clock (injectable for tests). */
export interface PlatformContext {
  /** The scopes and words this deployment uses (docs/own-api.md), built once at start. */
  catalogue: Catalogue;
  db: Kysely<Database>;
  dialect: Dialect;
  secrets: SecretBox;
  passwords: PasswordHasher;
  now(): Date;
  events: PlatformEvents;
  /** The only way to send a request to a URL someone else chose (webhook targets). */
  outbound: OutboundGuard;
  /** Invitations, password-reset links, verification and new-device notices (docs/configuration.md, "Email"). */
  mail: MailService;
  /** This node's read caches (platform/caches/node-caches.ts), built by the composition root. */
  caches: NodeCaches;
}

export function isoNow(ctx: PlatformContext): string {
  return ctx.now().toISOString();
}
