import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadDotEnv, parseConfig } from '../../config/config.js';
import { PlatformError } from '../../platform/errors.js';
import { listDeliveries } from '../../platform/webhooks/webhook-delivery.js';
import { checkTriggerType, sendTestEvent } from '../../platform/webhooks/webhook-test-events.js';
import { createRuntime } from '../../runtime.js';
import { resolveSite } from '../resolve.js';
import { UsageError, runCommand, type OutputOptions } from '../run-command.js';

interface DeliveriesOptions {
  webhook?: string;
  limit: string;
  json?: boolean;
}

/** `--payload FILE`: a JSON object of payload fields laid over the sample. */
function readOverrides(file: string | undefined): Record<string, unknown> {
  if (file === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`webhooks trigger: --payload ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new UsageError(`webhooks trigger: --payload ${file} must hold a JSON object of payload fields`);
  return parsed as Record<string, unknown>;
}

/** `webhooks deliveries`: the webhook delivery log, newest first. `webhooks trigger`: a test event. */
export function registerWebhookCommands(program: Command): void {
  const webhooks = program.command('webhooks').description('Data API webhooks');

  webhooks
    .command('trigger')
    .description('Send a realistic test event of a trigger type to every matching webhook of a site, signed as real deliveries are')
    .argument('<trigger_type>', 'the trigger type, e.g. form_submission, site_publish, comment_created')
    .requiredOption('--site <id-or-short-name>', 'the site')
    .option('--payload <file>', 'JSON object of payload fields to lay over the sample')
    .option('--json', 'print one JSON object')
    .action((triggerType: string, opts: OutputOptions & { site: string; payload?: string }) =>
      runCommand(opts, async (rt) => {
        try {
          checkTriggerType(triggerType);
        } catch (err) {
          throw err instanceof PlatformError ? new UsageError(`webhooks trigger: ${err.message}`) : err;
        }
        const overrides = readOverrides(opts.payload);
        const site = await resolveSite(rt.ctx, opts.site);
        const outcome = await sendTestEvent(rt.ctx, (ids) => rt.dataApi.webhookWorker.deliverNow(ids), site, triggerType, overrides);
        const text = outcome.deliveries.length
          ? outcome.deliveries.map(
              (d) => `${d.status.padEnd(9)} ${d.statusCode ? `HTTP ${d.statusCode}` : (d.error ?? '-')}  ${d.url}  (delivery ${d.id}, webhook ${d.webhookId})`,
            )
          : [`No active ${outcome.triggerType} webhooks on ${site.shortName}`];
        return { json: { triggerType: outcome.triggerType, siteId: site.id, payload: outcome.payload, deliveries: outcome.deliveries }, text };
      }),
    );
  webhooks
    .command('deliveries')
    .description('Show the webhook delivery log (status, attempts, last response), newest first')
    .option('--webhook <id>', 'only this webhook')
    .option('--limit <n>', 'how many entries (1-1000)', '50')
    .option('--json', 'print one JSON object')
    .action(async (opts: DeliveriesOptions) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        process.stderr.write('gatehouse: --limit must be a whole number from 1 to 1000\n');
        process.exit(2);
      }
      if (opts.webhook !== undefined && !/^[0-9a-f]{24}$/.test(opts.webhook)) {
        process.stderr.write('gatehouse: --webhook must be a 24-hex webhook id\n');
        process.exit(2);
      }
      try {
        loadDotEnv();
        const runtime = await createRuntime(parseConfig());
        try {
          const deliveries = await listDeliveries(runtime.ctx, { webhookId: opts.webhook, limit });
          if (opts.json) {
            process.stdout.write(JSON.stringify({ deliveries }) + '\n');
          } else if (deliveries.length === 0) {
            process.stdout.write('No webhook deliveries\n');
          } else {
            for (const d of deliveries) {
              const result = d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? '-');
              process.stdout.write(`${d.createdOn}  ${d.id}  ${d.triggerType.padEnd(24)} ${d.status.padEnd(9)} attempts ${d.attempts}  ${result}  ${d.url}\n`);
            }
          }
        } finally {
          await runtime.close();
        }
      } catch (err) {
        process.stderr.write(`gatehouse: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      }
    });
}
