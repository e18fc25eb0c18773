import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/platform/accounts/users.js';
import { createUser } from '../../src/platform/accounts/users.js';
import {
  addMember,
  changeMembership,
  createWorkspace,
  getRole,
  getWorkspace,
  listMembers,
  listWorkspacesForUser,
} from '../../src/platform/workspaces/workspaces.js';
import { backends } from '../support/runtime.js';
import { race, useContractRuntime } from './contract-runtime.js';

const tag = () => randomBytes(4).toString('hex');

describe.each(backends())('workspaces and memberships on %s', (backend) => {
  const { ctx } = useContractRuntime(backend);
  let owner: User;
  let other: User;
  beforeAll(async () => {
    owner = await createUser(ctx(), { email: `owner-${tag()}@example.com`, firstName: 'O', lastName: '', password: 'correct horse battery' });
    other = await createUser(ctx(), { email: `other-${tag()}@example.com`, firstName: 'M', lastName: '', password: 'correct horse battery' });
  });

  it('makes the owner the first admin and finds the workspace by id or slug', async () => {
    const ws = await createWorkspace(ctx(), { name: `Acme ${tag()}`, ownerUserId: owner.id });
    expect(await getRole(ctx(), ws.id, owner.id)).toBe('admin');
    expect((await getWorkspace(ctx(), ws.slug)).id).toBe(ws.id);
    expect((await getWorkspace(ctx(), ws.id)).slug).toBe(ws.slug);
    expect((await listWorkspacesForUser(ctx(), owner.id)).map((w) => w.id)).toContain(ws.id);
  });

  it('refuses a taken slug as a conflict', async () => {
    const slug = `taken-${tag()}`;
    await createWorkspace(ctx(), { name: 'One', slug, ownerUserId: owner.id });
    await expect(createWorkspace(ctx(), { name: 'Two', slug, ownerUserId: owner.id })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('lets exactly one of five concurrent creations with one slug succeed, the rest as conflicts', async () => {
    const slug = `race-${tag()}`;
    const { ok, failed } = await race(5, () => createWorkspace(ctx(), { name: 'Racing', slug, ownerUserId: owner.id }));
    expect(ok).toHaveLength(1);
    expect(failed.map((e) => (e as { code?: string }).code)).toEqual(['conflict', 'conflict', 'conflict', 'conflict']);
  });

  it.each([
    ['an unknown plan', { plan: 'platinum' }],
    ['a slug with capitals', { slug: 'Bad Slug' }],
    ['an empty name', { name: '   ' }],
  ])('rejects %s as a validation error', async (_what, patch) => {
    await expect(createWorkspace(ctx(), { name: 'Valid', ownerUserId: owner.id, ...patch })).rejects.toMatchObject({ code: 'validation' });
  });

  it('adds a member once, and refuses adding them twice', async () => {
    const ws = await createWorkspace(ctx(), { name: `Members ${tag()}`, ownerUserId: owner.id });
    await addMember(ctx(), ws.id, other.id, 'member');
    await expect(addMember(ctx(), ws.id, other.id, 'admin')).rejects.toMatchObject({ code: 'conflict' });
    await expect(addMember(ctx(), ws.id, other.id, 'owner')).rejects.toMatchObject({ code: 'validation' });
    const members = await listMembers(ctx(), ws.id);
    expect(Object.fromEntries(members.map((m) => [m.userId, m.role]))).toEqual({ [owner.id]: 'admin', [other.id]: 'member' });
  });

  it('never lets the last admin be removed or demoted', async () => {
    const ws = await createWorkspace(ctx(), { name: `Last ${tag()}`, ownerUserId: owner.id });
    await expect(changeMembership(ctx(), ws.id, owner.id, null)).rejects.toMatchObject({ code: 'conflict' });
    await expect(changeMembership(ctx(), ws.id, owner.id, 'member')).rejects.toMatchObject({ code: 'conflict' });
    await addMember(ctx(), ws.id, other.id, 'admin');
    await changeMembership(ctx(), ws.id, owner.id, null);
    expect(await getRole(ctx(), ws.id, owner.id)).toBeUndefined();
    await expect(changeMembership(ctx(), ws.id, other.id, 'member')).rejects.toMatchObject({ code: 'conflict' });
  });

  it('lets exactly one of five concurrent additions of one member succeed', async () => {
    const ws = await createWorkspace(ctx(), { name: `Adds ${tag()}`, ownerUserId: owner.id });
    const { ok, failed } = await race(5, () => addMember(ctx(), ws.id, other.id, 'member'));
    expect(ok).toHaveLength(1);
    expect(failed.map((e) => (e as { code?: string }).code)).toEqual(['conflict', 'conflict', 'conflict', 'conflict']);
  });

  it('keeps one admin when two admins are removed at the same moment', async () => {
    const ws = await createWorkspace(ctx(), { name: `Pair ${tag()}`, ownerUserId: owner.id });
    await addMember(ctx(), ws.id, other.id, 'admin');
    const { ok, failed } = await race(2, (i) => changeMembership(ctx(), ws.id, i ? other.id : owner.id, i ? null : 'member'));
    expect(ok).toHaveLength(1);
    expect(failed.map((e) => (e as { code?: string }).code)).toEqual(['conflict']);
    expect((await listMembers(ctx(), ws.id)).filter((m) => m.role === 'admin')).toHaveLength(1);
  });

  it('reports removing a non-member as not found', async () => {
    const ws = await createWorkspace(ctx(), { name: `Ghost ${tag()}`, ownerUserId: owner.id });
    await expect(changeMembership(ctx(), ws.id, other.id, null)).rejects.toMatchObject({ code: 'not_found' });
  });
});
