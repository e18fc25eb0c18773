import type { ActiveTokenIntrospection } from '@gatehouse/sdk/express';
import type { Organization, Product, Project } from '../product/product.js';

/**
 * What a token lets its holder see, from Gatehouse's introspection: the projects whose sites it lists
 * (`site_ids`: the projects the user picked, or every project of the organization when they chose the
 * whole organization). An organization API token lists no sites and reaches the whole organization.
 */
export function reachedProjects(product: Product, token: ActiveTokenIntrospection): Project[] {
  const organization = tokenOrganization(product, token);
  const wholeOrganization = token.raw.gatehouse_token_kind === 'workspace';
  return [...product.projects.values()].filter((p) => (wholeOrganization ? p.organizationId === organization?.id : token.siteIds.includes(p.gatehouseSiteId)));
}

/** The organization a token was granted in (every Gatehouse token belongs to one workspace). */
export function tokenOrganization(product: Product, token: ActiveTokenIntrospection): Organization | undefined {
  const workspaceId = token.workspaceIds[0];
  return workspaceId === undefined ? undefined : product.organizationOfWorkspace(workspaceId);
}
