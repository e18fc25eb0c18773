import type { Command } from 'commander';
import { postComment } from '../../platform/sites/comment-posting.js';
import { resolveSite, resolveUser } from '../resolve.js';
import { describeFields, runCommand, type OutputOptions } from '../run-command.js';

/** `comments add`. */
export function registerCommentCommands(program: Command): void {
  const comments = program.command('comments').description('Comments on a site');
  comments
    .command('add')
    .description('Post a comment thread (or a reply) on a site; comment_created webhooks fire')
    .requiredOption('--site <id-or-short-name>', 'the site')
    .requiredOption('--author <email>', 'the commenting user')
    .requiredOption('--content <text>', 'the comment')
    .option('--thread <id>', 'reply to this thread')
    .option('--json', 'print one JSON object')
    .action((opts: OutputOptions & { site: string; author: string; content: string; thread?: string }) =>
      runCommand(opts, async (rt) => {
        const site = await resolveSite(rt.ctx, opts.site);
        const user = await resolveUser(rt.ctx, opts.author);
        const posted = await postComment(rt.ctx, {
          siteId: site.id,
          author: { id: user.id, email: user.email, name: `${user.firstName} ${user.lastName}`.trim() },
          content: opts.content,
          threadId: opts.thread,
        });
        // The CLI process is the only worker here: send the deliveries before exiting.
        await rt.dataApi.webhookWorker.runOnce();
        return {
          json: { comment: posted },
          text: describeFields({ thread: posted.threadId, comment: posted.commentId, kind: posted.kind, webhooksQueued: posted.webhooksQueued }),
        };
      }),
    );
}
