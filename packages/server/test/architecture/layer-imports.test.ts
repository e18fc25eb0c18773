import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The layer rules `npm run lint` enforces (docs/design.md, "Import rules"), checked on sample sources. */
async function problems(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${root}${path}` });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer import rules', () => {
  it.each([
    ["import type { FastifyInstance } from 'fastify';", 'fastify'],
    ["import fp from 'fastify-plugin';", 'fastify-plugin'],
    ["import cookie from '@fastify/cookie';", '@fastify/*'],
    ["import { sql } from 'kysely';", 'kysely'],
    ["import { buildApp } from '../http/app.js';", 'http/'],
    ["export { sendOAuthError } from '../../http/routes/oauth/oauth-json.js';", 'http/ re-export'],
  ])('refuses %s in oauth/ (%s)', async (line) => {
    expect(await problems('packages/server/src/oauth/grants/sample.ts', `${line}\nexport const x = 1;\n`)).toHaveLength(1);
  });

  it('refuses http/ in platform/, and lets platform/ use kysely', async () => {
    expect(await problems('packages/server/src/platform/sample.ts', "import { buildApp } from '../http/app.js';\nexport const x = buildApp;\n")).toHaveLength(
      1,
    );
    expect(await problems('packages/server/src/platform/sample.ts', "import { sql } from 'kysely';\nexport const x = sql;\n")).toEqual([]);
  });

  it('lets oauth/ import its own modules and node:http, and lets http/ import anything', async () => {
    expect(
      await problems(
        'packages/server/src/oauth/sample.ts',
        "import { InvalidGrant } from './errors.js';\nimport { STATUS_CODES } from 'node:http';\nexport const x = [InvalidGrant, STATUS_CODES];\n",
      ),
    ).toEqual([]);
    expect(
      await problems('packages/server/src/http/sample.ts', "import fastify from 'fastify';\nimport { sql } from 'kysely';\nexport const x = [fastify, sql];\n"),
    ).toEqual([]);
  });
});
