import { gatehouseExpress, tokenOf } from '@gatehouse/sdk/express';
import express, { type Request, type Response } from 'express';
import type { Product, Project } from '../product/product.js';
import { reachedProjects, tokenOrganization } from './reach.js';
import type { ProjectsScope } from './scopes.js';

export interface ProjectsApiOptions {
  gatehouseUrl: string;
  /** The app this API introspects tokens as (RFC 7662). */
  clientId: string;
  clientSecret: string;
}

const view = (p: Project) => ({ id: p.id, name: p.name });

/**
 * The product's API. Every route names the scope it needs; the SDK middleware introspects the bearer
 * token at Gatehouse and refuses it (401 `invalid_token`, 403 `insufficient_scope` naming the scope)
 * before the route runs. `cacheTtlMs: 0` reuses no answer, so a revoked token is refused at once.
 */
export function createProjectsApi(product: Product, options: ProjectsApiOptions): express.Express {
  const auth = gatehouseExpress<ProjectsScope>({
    baseUrl: options.gatehouseUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    realm: 'projects-api',
    cacheTtlMs: 0,
  });
  const app = express();
  app.use(express.json());

  /** The project named in the path, if the token reaches it; a 404 otherwise, so other projects stay unseen. */
  const reachable = (req: Request, res: Response): Project | undefined => {
    const project = reachedProjects(product, tokenOf(req)).find((p) => p.id === req.params.id);
    if (!project) res.status(404).json({ error: 'not_found', message: 'No such project' });
    return project;
  };
  const nameOf = (req: Request, res: Response): string | undefined => {
    const name = (req.body as { name?: unknown } | undefined)?.name;
    if (typeof name === 'string' && name.trim().length > 0 && name.length <= 100) return name.trim();
    res.status(400).json({ error: 'invalid_request', message: 'name: 1 to 100 characters' });
    return undefined;
  };

  app.get('/api/projects', auth.requireScopes('projects:read'), (req, res) => {
    res.json({ projects: reachedProjects(product, tokenOf(req)).map(view) });
  });

  app.get('/api/projects/:id', auth.requireScopes('projects:read'), (req, res) => {
    const project = reachable(req, res);
    if (project) res.json(view(project));
  });

  app.patch('/api/projects/:id', auth.requireScopes('projects:write'), async (req, res) => {
    const project = reachable(req, res);
    const name = project && nameOf(req, res);
    if (project && name) res.json(view(await product.renameProject(project, name)));
  });

  // Organization-level: Gatehouse grants `projects:manage` only to apps installed on the whole organization.
  app.post('/api/projects', auth.requireScopes('projects:manage'), async (req, res) => {
    const organization = tokenOrganization(product, tokenOf(req));
    const name = nameOf(req, res);
    if (organization && name) res.status(201).json(view(await product.createProject(organization, name)));
    else if (name) res.status(404).json({ error: 'not_found', message: 'No such organization' });
  });

  app.delete('/api/projects/:id', auth.requireScopes('projects:manage'), async (req, res) => {
    const project = reachable(req, res);
    if (!project) return;
    await product.deleteProject(project);
    res.status(204).end();
  });

  return app;
}
