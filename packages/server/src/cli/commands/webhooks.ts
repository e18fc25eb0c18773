import type { Command } from 'commander';
import { loadDotEnv, parseConfig } from '../../config/config.js';
import { listDeliveries } from '../../platform/webhook-delivery.js';
import { createRuntime } from '../../runtime.js';

interface DeliveriesOptions {
  webhook?: string;
  limit: string;
  json?: boolean;
}

/** `webhooks deliveries`: the webhook delivery log, newest first. */
export function registerWebhookCommands(program: Command): void {
  const webhooks = program.command('webhooks').description('Data API webhooks');
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
