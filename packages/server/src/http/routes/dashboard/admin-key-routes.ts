import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { createAdminKey, listAdminKeys, revokeAdminKey } from '../../../platform/admin/admin-keys.js';
import { requireOperator } from '../../../platform/admin/deployment-operators.js';
import { notFound } from '../../../platform/errors.js';
import type { Runtime } from '../../../runtime.js';
import { ADMIN_KEYS_PATH, adminKeysPage } from '../../../views/dashboard/admin-keys.js';
import { confirmPage } from '../../../views/dashboard/confirm.js';
import { noticeText } from '../../../views/dashboard/notices.js';
import { html } from '../../../views/html.js';
import { sendPage } from '../../security-headers.js';
import { tokenReveals } from './token-reveal.js';
import { actorOf, checkId, fieldErrors, formOf, frameOf, many, noticeOf, one, orFormErrors, seeOther, viewer } from './dashboard-request.js';

/**
 * The deployment's admin API keys (docs/dashboard.md, "Admin API keys"), for deployment operators only
 * (ADR 0026): create with a name and scopes — the value shown once, on the page the POST redirects to
 * (token-reveal.ts) — list, and revoke after a confirmation step. Every change is audited under the
 * operator's account. Anyone else gets 403, whatever their workspace roles.
 */
export function adminKeyRoutes(runtime: Runtime): FastifyPluginAsync {
  const { ctx } = runtime;
  const reveals = tokenReveals(runtime);
  const operator = async (req: FastifyRequest) => {
    const user = await viewer(req);
    await requireOperator(ctx, user);
    return user;
  };
  const liveKey = async (id: unknown) => {
    const key = (await listAdminKeys(ctx)).find((k) => k.id === checkId(id, 'Admin key'));
    if (!key) throw notFound('Admin key');
    return key;
  };

  return async (app) => {
    app.get(ADMIN_KEYS_PATH, async (req, reply) => {
      const user = await operator(req);
      const keys = await listAdminKeys(ctx);
      const reveal = reveals.take(req, reply, ADMIN_KEYS_PATH, user.id);
      const record = reveal && keys.find((k) => k.id === reveal.tokenId);
      const created = reveal && record ? { value: reveal.value, record } : undefined;
      return sendPage(reply, adminKeysPage(frameOf(req, reply, user), { keys, notice: noticeText(req.server.catalogue, noticeOf(req)), created }));
    });

    app.post(ADMIN_KEYS_PATH, async (req, reply) => {
      const user = await operator(req);
      const body = formOf(req);
      const input = { name: one(body, 'name', 200), scopes: many(body, 'scopes') };
      const result = await orFormErrors(() => createAdminKey(ctx, input, actorOf(user)));
      if ('error' in result) {
        const view = {
          keys: await listAdminKeys(ctx),
          ...input,
          errors: fieldErrors(result.error),
          error: 'The key was not created. Please fix the fields marked below.',
        };
        return sendPage(reply, adminKeysPage(frameOf(req, reply, user), view), 400);
      }
      reveals.hand(reply, ADMIN_KEYS_PATH, user.id, { tokenId: result.ok.record.id, value: result.ok.key });
      return seeOther(reply, ADMIN_KEYS_PATH);
    });

    app.get<{ Params: { kid: string } }>(`${ADMIN_KEYS_PATH}/:kid/revoke`, async (req, reply) => {
      const user = await operator(req);
      const key = await liveKey(req.params.kid);
      return sendPage(
        reply,
        confirmPage(frameOf(req, reply, user), {
          title: 'Revoke this admin API key?',
          message: html`<p>“${key.name}” stops working at its next request, on every node: the backend that uses it can no longer call the admin API. This cannot be undone.</p>`,
          action: `${ADMIN_KEYS_PATH}/${key.id}/revoke`,
          button: 'Revoke key',
          cancel: ADMIN_KEYS_PATH,
        }),
      );
    });

    app.post<{ Params: { kid: string } }>(`${ADMIN_KEYS_PATH}/:kid/revoke`, async (req, reply) => {
      const user = await operator(req);
      const key = await liveKey(req.params.kid);
      await revokeAdminKey(ctx, key.id, actorOf(user));
      return seeOther(reply, ADMIN_KEYS_PATH, 'admin-key-revoked');
    });
  };
}
