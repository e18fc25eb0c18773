import { afterEach, describe, expect, it } from 'vitest';
import { createUser } from '../../src/platform/accounts/users.js';
import { createTestRuntime, type TestRuntime } from '../support/runtime.js';

describe('PASSWORD_HASH_COST', () => {
  let runtime: TestRuntime | undefined;
  afterEach(async () => runtime?.dispose());

  it.each([
    ['14', 2 ** 14],
    ['15', 2 ** 15],
  ])('hashes new passwords at the cost the configuration gives (%s), whatever the process environment says', async (cost, n) => {
    runtime = await createTestRuntime('sqlite', { PASSWORD_HASH_COST: cost });
    const user = await createUser(runtime.ctx, { email: `cost-${cost}@example.com`, firstName: 'C', lastName: '', password: 'correct horse battery' });
    const row = await runtime.ctx.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.password_hash.split('$').slice(0, 4)).toEqual(['scrypt', String(n), '8', '1']);
  });
});
