import type { Plan } from '../../domain.js';

/**
 * Webflow's `SitePlan` for a site, from the plan of its workspace (docs/data-api.md, "Get Site Plan"):
 * Gatehouse keeps plans per workspace, and the SDK's plan ids are hosting plans.
 */
const SITE_PLANS: Record<Plan, { id: string; name: string }> = {
  starter: { id: 'hosting-basic-v4', name: 'Basic Hosting' },
  basic: { id: 'hosting-basic-v4', name: 'Basic Hosting' },
  cms: { id: 'hosting-cms-v4', name: 'CMS Hosting' },
  ecommerce: { id: 'hosting-ecommerce-standard-v3', name: 'ECommerce Standard Hosting' },
  business: { id: 'hosting-business-v4', name: 'Business Hosting' },
  enterprise: { id: 'hosting-business-v4', name: 'Business Hosting' },
};

export function sitePlanOf(workspacePlan: Plan): { id: string; name: string } {
  return SITE_PLANS[workspacePlan];
}
