import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { parseConfig, type Config } from '../../src/config/config.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../src/runtime.js';

export type Backend = 'sqlite' | 'postgres';

/** The backends to run a storage-touching suite against: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function backends(): Backend[] {
  if (process.env.GATEHOUSE_REQUIRE_SERVICES && !process.env.TEST_DATABASE_URL) {
    throw new Error('GATEHOUSE_REQUIRE_SERVICES is set but TEST_DATABASE_URL is not: the PostgreSQL suites would be skipped');
  }
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestRuntime extends Runtime {
  /** Drops the PostgreSQL schema / temporary data dir. */
  dispose(): Promise<void>;
}

/**
 * A runtime on a fresh database: a temporary SQLite data dir, or a PostgreSQL schema of its own so parallel
 * runs never collide.
 */
export async function createTestRuntime(backend: Backend = 'sqlite', env: Record<string, string> = {}, options: RuntimeOptions = {}): Promise<TestRuntime> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-test-'));
  const schema = backend === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const databaseUrl = backend === 'postgres' ? requirePostgresUrl() : undefined;
  const config: Config = parseConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PASSWORD_HASH_COST: '14',
    PUBLIC_URL: 'http://127.0.0.1:8080',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  const runtime = await createRuntime(config, { ...options, ...(schema ? { schema } : {}) });
  return {
    ...runtime,
    dispose: async () => {
      await runtime.close();
      if (schema && databaseUrl) await dropSchema(databaseUrl, schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Drops a test run's PostgreSQL schema with everything in it. */
export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`drop schema if exists "${schema}" cascade`);
  await client.end();
}

export function requirePostgresUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: the PostgreSQL suite cannot run');
  return url;
}

/** A runtime plus the built (not listening) app. */
export async function createTestApp(
  backend: Backend = 'sqlite',
  env: Record<string, string> = {},
  options: RuntimeOptions = {},
): Promise<{ runtime: TestRuntime; app: FastifyInstance; close(): Promise<void> }> {
  const runtime = await createTestRuntime(backend, env, options);
  // Imported lazily so storage-only suites do not load the HTTP surfaces.
  const { buildApp } = await import('../../src/http/app.js');
  const app = await buildApp(runtime, { logger: false });
  await app.ready();
  return {
    runtime,
    app,
    close: async () => {
      await app.close();
      await runtime.dispose();
    },
  };
}
