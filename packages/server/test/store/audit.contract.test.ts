import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents, recordAudit } from '../../src/platform/audit/audit.js';
import { createUser } from '../../src/platform/accounts/users.js';
import { createWorkspace, type Workspace } from '../../src/platform/workspaces/workspaces.js';
import { backends } from '../support/runtime.js';
import { useContractRuntime } from './contract-runtime.js';

const tag = () => randomBytes(4).toString('hex');

describe.each(backends())('audit events on %s', (backend) => {
  const { ctx, clock } = useContractRuntime(backend);
  let ws: Workspace;
  let other: Workspace;
  const times: string[] = [];
  beforeAll(async () => {
    const owner = await createUser(ctx(), { email: `a-${tag()}@example.com`, firstName: 'A', lastName: '', password: 'correct horse battery' });
    ws = await createWorkspace(ctx(), { name: `Audit ${tag()}`, ownerUserId: owner.id });
    other = await createWorkspace(ctx(), { name: `Other ${tag()}`, ownerUserId: owner.id });
    // After workspace_created: ten events, one minute apart, alternating types.
    for (let i = 0; i < 10; i++) {
      clock.advance(60_000);
      times.push(clock.current.toISOString());
      await recordAudit(ctx(), {
        workspaceId: ws.id,
        actor: { id: owner.id, email: owner.email },
        eventType: i % 2 ? 'access_token' : 'app_management',
        eventSubType: `e${i}`,
        payload: { i },
      });
    }
    await recordAudit(ctx(), { workspaceId: other.id, eventType: 'access_token', eventSubType: 'elsewhere' });
  });

  const subTypes = (items: Array<{ event_sub_type: string }>) => items.map((e) => e.event_sub_type);

  it('lists newest first by default with the total, and never another workspace', async () => {
    const { items, total } = await listAuditEvents(ctx(), { workspaceId: ws.id, offset: 0, limit: 100 });
    expect(total).toBe(11);
    expect(subTypes(items).slice(0, 3)).toEqual(['e9', 'e8', 'e7']);
    expect(subTypes(items)).not.toContain('elsewhere');
  });

  it('paginates with offset and limit without overlap', async () => {
    const pages = await Promise.all([0, 4, 8].map((offset) => listAuditEvents(ctx(), { workspaceId: ws.id, offset, limit: 4, sortOrder: 'asc' })));
    expect(pages.map((p) => p.items.length)).toEqual([4, 4, 3]);
    expect(pages.every((p) => p.total === 11)).toBe(true);
    expect(subTypes(pages.flatMap((p) => p.items))).toEqual(['workspace_created', 'e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9']);
  });

  it('filters by event type and by time range, inclusive', async () => {
    const tokens = await listAuditEvents(ctx(), { workspaceId: ws.id, eventType: 'access_token', offset: 0, limit: 100, sortOrder: 'asc' });
    expect(subTypes(tokens.items)).toEqual(['e1', 'e3', 'e5', 'e7', 'e9']);
    const range = await listAuditEvents(ctx(), { workspaceId: ws.id, from: times[2], to: times[4], offset: 0, limit: 100, sortOrder: 'asc' });
    expect(subTypes(range.items)).toEqual(['e2', 'e3', 'e4']);
    expect(range.total).toBe(3);
  });

  it('keeps the payload as JSON and the actor', async () => {
    const { items } = await listAuditEvents(ctx(), { workspaceId: ws.id, eventType: 'app_management', offset: 0, limit: 1 });
    expect(JSON.parse(items[0]!.payload)).toEqual({ i: 8 });
    expect(items[0]!.actor_email).toMatch(/@example\.com$/);
  });
});
