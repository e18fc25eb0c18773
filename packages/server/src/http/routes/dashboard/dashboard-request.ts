import type { FastifyReply, FastifyRequest } from 'fastify';
import { OBJECT_ID } from '../../../crypto/ids.js';
import type { AuditActor } from '../../../platform/audit/audit.js';
import type { PlatformContext } from '../../../platform/context.js';
import { PlatformError, notFound } from '../../../platform/errors.js';
import { getSite, type Site } from '../../../platform/sites/sites.js';
import type { User } from '../../../platform/accounts/users.js';
import { requireRole } from '../../../platform/workspaces/workspace-roles.js';
import { checkTwoFactorRequirement } from '../../../platform/workspaces/two-factor-requirement.js';
import { getWorkspace, getRole, type WorkspaceWithRole } from '../../../platform/workspaces/workspaces.js';
import type { FieldErrors } from '../../../views/dashboard/form-kit.js';
import { dashboardPage, type PageFrame } from '../../../views/dashboard/shell.js';
import type { SafeHtml } from '../../../views/html.js';
import { sameOriginPath } from '../../same-origin-path.js';
import { sendPage } from '../../security-headers.js';

/** The parsed urlencoded form (an object; anything else counts as empty). */
export function formOf(req: FastifyRequest): Record<string, unknown> {
  const body = req.body;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** One text value; a field sent twice or as something other than text is a 400, not a guess. */
export function one(body: Record<string, unknown>, name: string, max = 2000): string {
  const value = body[name];
  if (value === undefined) return '';
  if (typeof value !== 'string')
    throw new PlatformError('validation', `The field "${name}" was sent more than once`, [{ field: name, message: 'Sent more than once' }]);
  if (value.length > max) throw new PlatformError('validation', `The field "${name}" is too long`, [{ field: name, message: `At most ${max} characters` }]);
  return value;
}

/** Every value of a repeated field (checkbox groups). */
export function many(body: Record<string, unknown>, name: string): string[] {
  const value = body[name];
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  if (values.length > 100 || values.some((v) => typeof v !== 'string' || v.length > 200)) {
    throw new PlatformError('validation', `The field "${name}" is malformed`, [{ field: name, message: 'Malformed' }]);
  }
  return values as string[];
}

export const flag = (body: Record<string, unknown>, name: string): boolean => body[name] === 'on' || body[name] === 'true' || body[name] === '1';

export function fieldErrors(err: PlatformError): FieldErrors {
  const out: FieldErrors = {};
  // Every problem of a field is shown, not just the first (docs/dashboard.md, "Forms").
  for (const d of err.details) out[d.field] = out[d.field] ? `${out[d.field]} · ${d.message}` : d.message;
  return out;
}

/** Runs `work`; a validation/conflict/limit error becomes the form re-rendered with its messages. */
export async function orFormErrors<T>(work: () => Promise<T>): Promise<{ ok: T } | { error: PlatformError }> {
  try {
    return { ok: await work() };
  } catch (err) {
    if (err instanceof PlatformError && (err.code === 'validation' || err.code === 'conflict' || err.code === 'limit_reached')) return { error: err };
    throw err;
  }
}

/** The signed-in user; the dashboard's onRequest hook already sent everyone else to /login. */
export async function viewer(req: FastifyRequest): Promise<User> {
  const user = await req.currentUser();
  if (!user) throw new PlatformError('forbidden', 'Sign in first');
  return user;
}

export const actorOf = (user: User): AuditActor => ({ id: user.id, email: user.email });

export function frameOf(req: FastifyRequest, reply: FastifyReply, user: User): PageFrame {
  return { userEmail: user.email, csrf: req.csrfToken(reply), catalogue: req.server.catalogue, operator: req.deploymentOperator === true };
}

export async function render(req: FastifyRequest, reply: FastifyReply, title: string, body: SafeHtml, status = 200): Promise<FastifyReply> {
  const user = await viewer(req);
  return sendPage(reply, dashboardPage(frameOf(req, reply, user), title, body), status);
}

export function checkId(id: unknown, what: string): string {
  if (typeof id !== 'string' || !OBJECT_ID.test(id)) throw notFound(what);
  return id;
}

/** The workspace with the viewer's role; a non-member gets 404, so ids of others' workspaces reveal nothing. */
export async function workspaceFor(ctx: PlatformContext, workspaceId: unknown, user: User): Promise<WorkspaceWithRole> {
  const id = checkId(workspaceId, 'Workspace');
  const role = await getRole(ctx, id, user.id);
  if (!role) throw notFound('Workspace');
  const ws = await getWorkspace(ctx, id);
  await checkTwoFactorRequirement(ctx, ws, user.id);
  return { ...ws, role };
}

export async function siteFor(ctx: PlatformContext, siteId: unknown, user: User): Promise<{ site: Site; ws: WorkspaceWithRole }> {
  const site = await getSite(ctx, checkId(siteId, 'Site')).catch(() => {
    throw notFound('Site');
  });
  const role = await getRole(ctx, site.workspaceId, user.id);
  if (!role) throw notFound('Site');
  const ws = await getWorkspace(ctx, site.workspaceId);
  await checkTwoFactorRequirement(ctx, ws, user.id);
  return { site, ws: { ...ws, role } };
}

/** The dashboard's admin-only powers; the rule itself is platform's `requireRole`, which consent uses too. */
export function mustBeAdmin(ws: WorkspaceWithRole): void {
  requireRole(ws.role, 'admin');
}

/** POST-redirect-GET (303), with a fixed notice key the next page turns into a message. */
export function seeOther(reply: FastifyReply, path: string, notice?: string): FastifyReply {
  return reply.redirect(sameOriginPath(notice ? `${path}${path.includes('?') ? '&' : '?'}done=${notice}` : path), 303);
}

export const noticeOf = (req: FastifyRequest): string | undefined => {
  const done = (req.query as Record<string, unknown>).done;
  return typeof done === 'string' ? done : undefined;
};
