import type { Command } from 'commander';
import { listAuditEvents } from '../../platform/audit/audit.js';
import { resolveWorkspace } from '../resolve.js';
import { UsageError, runCommand, type OutputOptions } from '../run-command.js';

interface ListOptions extends OutputOptions {
  workspace: string;
  eventType?: string;
  limit: string;
}

/** `audit list`: a workspace's audit events under Gatehouse's own names, newest first. */
export function registerAuditCommands(program: Command): void {
  program
    .command('audit')
    .description("A workspace's audit log")
    .command('list')
    .description("List a workspace's audit events (Gatehouse's names: access_token, app_authorization, …), newest first")
    .requiredOption('--workspace <id-or-slug>', 'the workspace')
    .option('--event-type <type>', 'only this event type')
    .option('--limit <n>', 'how many events (1-1000)', '50')
    .option('--json', 'print one JSON object')
    .action((opts: ListOptions) =>
      runCommand(opts, async (rt) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('audit list: --limit must be a whole number from 1 to 1000');
        const workspace = await resolveWorkspace(rt.ctx, opts.workspace);
        const { items, total } = await listAuditEvents(rt.ctx, { workspaceId: workspace.id, eventType: opts.eventType, offset: 0, limit });
        const events = items.map((e) => ({
          id: e.id,
          timestamp: e.created_at,
          eventType: e.event_type,
          eventSubType: e.event_sub_type,
          actor: { id: e.actor_user_id, email: e.actor_email },
          siteId: e.site_id,
          payload: JSON.parse(e.payload) as unknown,
        }));
        const text = events.map((e) => `${e.timestamp}  ${`${e.eventType}/${e.eventSubType}`.padEnd(44)} ${e.actor.email ?? '-'}`);
        return { json: { events, total }, text: text.length ? text : ['No audit events'] };
      }),
    );
}
