import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Migrator, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { emailIdentity } from '../../src/platform/accounts/email-identity.js';
import { authenticateUser, createUser, findUserByEmail } from '../../src/platform/accounts/users.js';
import { passwordHasher } from '../../src/crypto/passwords.js';
import { openDatabase } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import * as initial from '../../src/store/migrations/0001-initial.js';
import * as workspaceApiRateLimit from '../../src/store/migrations/0002-workspace-api-rate-limit.js';
import { backends, dropSchema, requirePostgresUrl } from '../support/runtime.js';
import { useContractRuntime } from './contract-runtime.js';

const PASSWORD = 'correct horse battery';
const tag = () => randomBytes(4).toString('hex');

describe('emailIdentity', () => {
  it.each([
    ['ａｌｉｃｅ@ｅｘａｍｐｌｅ．ｃｏｍ', 'alice@example.com'],
    ['ALICE@Example.COM', 'alice@example.com'],
    ['  alice@example.com ', 'alice@example.com'],
    ['al\u200bice@example.com', 'alice@example.com'],
    ['al\u00adice@example.com', 'alice@example.com'],
    ['stra\u00dfe@example.de', 'strasse@example.de'],
    ['\ufb01le@example.com', 'file@example.com'],
    ['ΟΔΥΣΣΕΥΣ@example.gr', 'οδυσσευσ@example.gr'],
    ['οδυσσευς@example.gr', 'οδυσσευσ@example.gr'],
  ])('folds %j to %j', (given, expected) => {
    expect(emailIdentity(given)).toBe(expected);
  });
});

describe.each(backends())('one account per address on %s', (backend) => {
  const { ctx } = useContractRuntime(backend);

  it('treats a fullwidth or differently-cased address as the same account', async () => {
    const local = `alice${tag()}`;
    const user = await createUser(ctx(), { email: `${local}@example.com`, firstName: 'A', lastName: '', password: PASSWORD });
    const fullwidth = [...local].map((c) => (/[a-z]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('') + '@ＥＸＡＭＰＬＥ.com';
    await expect(createUser(ctx(), { email: fullwidth, firstName: 'B', lastName: '', password: PASSWORD })).rejects.toMatchObject({ code: 'conflict' });
    expect((await findUserByEmail(ctx(), fullwidth))?.id).toBe(user.id);
    expect((await authenticateUser(ctx(), fullwidth, PASSWORD))?.id).toBe(user.id);
  });

  it('stores the folded address', async () => {
    const user = await createUser(ctx(), { email: `Ｂob${tag()}@Example.com`, firstName: 'B', lastName: '', password: PASSWORD });
    expect(user.email).toMatch(/^bob[0-9a-f]{8}@example\.com$/);
  });
});

/** The 0005 migration on rows written before the rule. */
describe.each(backends())('migrating existing addresses on %s', (backend) => {
  it('folds every stored address; of two that fold together the oldest keeps it and the other is renamed', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-email-migration-'));
    const schema = backend === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined;
    const databaseUrl = backend === 'postgres' ? requirePostgresUrl() : undefined;
    const handle = await openDatabase({ dataDir, databaseUrl, schema });
    const db = handle.db as Kysely<any>;
    try {
      const provider = { getMigrations: async () => ({ '0001-initial': initial, '0002-workspace-api-rate-limit': workspaceApiRateLimit }) };
      // Kysely looks for its bookkeeping tables in every schema unless told which one.
      const before = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
      expect((await before.migrateToLatest()).error).toBeUndefined();
      const hash = await passwordHasher(10).hash(PASSWORD);
      const row = (id: string, email: string, createdAt: string) => ({
        id,
        email,
        first_name: id,
        last_name: '',
        password_hash: hash,
        created_at: createdAt,
        updated_at: createdAt,
      });
      await db
        .insertInto('users')
        .values([
          row('a'.repeat(24), 'alice@example.com', '2026-01-01T00:00:00.000Z'),
          row('b'.repeat(24), 'ａlice@example.com', '2026-01-02T00:00:00.000Z'),
          row('c'.repeat(24), 'ＣＡＲＯＬ@example.com', '2026-01-03T00:00:00.000Z'),
          row('d'.repeat(24), 'dave@example.com', '2026-01-04T00:00:00.000Z'),
        ])
        .execute();

      await migrateToLatest(db);

      const emails = Object.fromEntries((await db.selectFrom('users').select(['id', 'email']).execute()).map((r) => [r.id[0], r.email]));
      expect(emails).toEqual({
        a: 'alice@example.com',
        b: `duplicate-${'b'.repeat(24)}@example.com.invalid`,
        c: 'carol@example.com',
        d: 'dave@example.com',
      });
    } finally {
      await handle.close();
      if (schema && databaseUrl) await dropSchema(databaseUrl, schema);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
