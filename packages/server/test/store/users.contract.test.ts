import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PlatformError } from '../../src/platform/errors.js';
import { authenticateUser, changePassword, createUser, findUserByEmail } from '../../src/platform/accounts/users.js';
import { backends } from '../support/runtime.js';
import { race, useContractRuntime } from './contract-runtime.js';

const PASSWORD = 'correct horse battery';
const email = (tag: string) => `${tag}-${randomBytes(4).toString('hex')}@Example.COM`;

describe.each(backends())('users on %s', (backend) => {
  const { ctx } = useContractRuntime(backend);

  it('stores the email lower-cased and finds it in any case', async () => {
    const address = email('Case');
    const user = await createUser(ctx(), { email: `  ${address} `, firstName: 'Ann', lastName: 'Lee', password: PASSWORD });
    expect(user.email).toBe(address.toLowerCase());
    expect((await findUserByEmail(ctx(), address.toUpperCase()))?.id).toBe(user.id);
  });

  it('refuses a second account whose email differs only in case', async () => {
    const address = email('dup');
    await createUser(ctx(), { email: address, firstName: 'A', lastName: '', password: PASSWORD });
    const second = createUser(ctx(), { email: address.toUpperCase(), firstName: 'B', lastName: '', password: PASSWORD });
    await expect(second).rejects.toMatchObject({ code: 'conflict' });
  });

  it('lets exactly one of five concurrent sign-ups with one email succeed', async () => {
    const address = email('race');
    const { ok, failed } = await race(5, (i) =>
      createUser(ctx(), { email: i % 2 ? address : address.toLowerCase(), firstName: 'R', lastName: '', password: PASSWORD }),
    );
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(4);
    for (const err of failed) expect(err).toBeInstanceOf(PlatformError);
  });

  it('stores only an scrypt hash of the password', async () => {
    const user = await createUser(ctx(), { email: email('hash'), firstName: 'H', lastName: '', password: PASSWORD });
    const row = await ctx().db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
  });

  it('authenticates with the right password only, and after a change only with the new one', async () => {
    const address = email('auth');
    const user = await createUser(ctx(), { email: address, firstName: 'P', lastName: '', password: PASSWORD });
    expect((await authenticateUser(ctx(), address, PASSWORD))?.id).toBe(user.id);
    expect(await authenticateUser(ctx(), address, PASSWORD + '!')).toBeUndefined();
    expect(await authenticateUser(ctx(), email('nobody'), PASSWORD)).toBeUndefined();
    await changePassword(ctx(), user.id, PASSWORD, 'a brand new passphrase');
    expect(await authenticateUser(ctx(), address, PASSWORD)).toBeUndefined();
    expect((await authenticateUser(ctx(), address, 'a brand new passphrase'))?.id).toBe(user.id);
  });

  it.each([
    ['a malformed email', { email: 'not-an-email' }],
    ['a short password', { password: 'short' }],
    ['an empty first name', { firstName: '  ' }],
  ])('rejects %s as a validation error', async (_what, patch) => {
    const input = { email: email('bad'), firstName: 'V', lastName: '', password: PASSWORD, ...patch };
    await expect(createUser(ctx(), input)).rejects.toMatchObject({ code: 'validation' });
  });

  it('keeps unicode names intact', async () => {
    const user = await createUser(ctx(), { email: email('uni'), firstName: 'Zoë 🦊', lastName: 'Ørsted', password: PASSWORD });
    expect((await findUserByEmail(ctx(), user.email))?.firstName).toBe('Zoë 🦊');
  });
});
