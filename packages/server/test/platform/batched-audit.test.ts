import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents, recordAudit } from '../../src/platform/audit/audit.js';
import { transactWithNotices } from '../../src/platform/caches/invalidation-feed.js';
import { createWorld, type World } from '../support/fixtures.js';
import { backends, createTestRuntime, type TestRuntime } from '../support/runtime.js';

/** The audit rows of a transaction with notices are written together at its end, in one insert per 16 rows. */
describe.each(backends())('audit rows held to the end of their transaction, on %s', (backend) => {
  let rt: TestRuntime;
  let w: World;
  beforeAll(async () => {
    rt = await createTestRuntime(backend);
    w = await createWorld(rt.ctx);
  }, 60_000);
  afterAll(async () => {
    await rt.close();
  });

  const eventsOf = async (subType: string) =>
    (await listAuditEvents(rt.ctx, { workspaceId: w.workspace.id, sortOrder: 'asc', offset: 0, limit: 100 })).items.filter((e) => e.event_sub_type === subType);

  it('writes every row, more than one insert holds', async () => {
    await transactWithNotices(rt.ctx, async (trx) => {
      for (let i = 0; i < 37; i++)
        await recordAudit(rt.ctx, { workspaceId: w.workspace.id, eventType: 'access_token', eventSubType: 'batched_test', payload: { i } }, trx);
    });
    const rows = await eventsOf('batched_test');
    expect(rows.map((r) => (JSON.parse(r.payload) as { i: number }).i).sort((a, b) => a - b)).toEqual(Array.from({ length: 37 }, (_, i) => i));
  });

  it('writes none when the transaction fails', async () => {
    await expect(
      transactWithNotices(rt.ctx, async (trx) => {
        await recordAudit(rt.ctx, { workspaceId: w.workspace.id, eventType: 'access_token', eventSubType: 'batched_failed_test' }, trx);
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    expect(await eventsOf('batched_failed_test')).toEqual([]);
  });
});
