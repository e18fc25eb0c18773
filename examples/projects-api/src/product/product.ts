import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { GatehouseAdmin } from '../gatehouse/admin-client.js';

export interface User {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  passwordHash: string;
  gatehouseId: string;
}

export interface Organization {
  id: string;
  name: string;
  gatehouseId: string;
}

export interface Project {
  id: string;
  organizationId: string;
  name: string;
  gatehouseSiteId: string;
}

const newId = (prefix: string) => `${prefix}-${randomBytes(6).toString('hex')}`;

function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `${salt.toString('hex')}:${scryptSync(password, salt, 32).toString('hex')}`;
}

/**
 * The product's own data (kept in memory: this is an example) and the one place that changes it. Each
 * change is made in Gatehouse first, through the admin API, so what users can grant to apps is always
 * what the product has: an organization is a Gatehouse workspace, a project a Gatehouse site.
 */
export class Product {
  readonly users = new Map<string, User>();
  readonly organizations = new Map<string, Organization>();
  readonly projects = new Map<string, Project>();

  constructor(private readonly gatehouse: GatehouseAdmin) {}

  async addUser(input: { email: string; firstName: string; lastName: string; password: string }): Promise<User> {
    const id = newId('user');
    const { password, ...rest } = input;
    const person = { ...rest, email: rest.email.toLowerCase() };
    const account = await this.gatehouse.createUser(`create-${id}`, person);
    const user = { id, ...person, passwordHash: hashPassword(password), gatehouseId: account.id };
    this.users.set(id, user);
    return user;
  }

  /** The user with this email and password, for the product's sign-in page. */
  checkPassword(email: string, password: string): User | undefined {
    const user = [...this.users.values()].find((u) => u.email === email.trim().toLowerCase());
    if (!user) return undefined;
    const [salt, hash] = user.passwordHash.split(':') as [string, string];
    const given = scryptSync(password, Buffer.from(salt, 'hex'), 32);
    return timingSafeEqual(given, Buffer.from(hash, 'hex')) ? user : undefined;
  }

  async addOrganization(name: string, owner: User): Promise<Organization> {
    const id = newId('org');
    const workspace = await this.gatehouse.createWorkspace(`create-${id}`, { name, slug: id, ownerUserId: owner.gatehouseId });
    const organization = { id, name, gatehouseId: workspace.id };
    this.organizations.set(id, organization);
    return organization;
  }

  async addMember(organization: Organization, user: User, role: 'admin' | 'member'): Promise<void> {
    await this.gatehouse.addMember(`add-${organization.id}-${user.id}`, organization.gatehouseId, { userId: user.gatehouseId, role });
  }

  async createProject(organization: Organization, name: string): Promise<Project> {
    const id = newId('project');
    const site = await this.gatehouse.createSite(`create-${id}`, organization.gatehouseId, { displayName: name, shortName: id });
    const project = { id, organizationId: organization.id, name, gatehouseSiteId: site.id };
    this.projects.set(id, project);
    return project;
  }

  async renameProject(project: Project, name: string): Promise<Project> {
    await this.gatehouse.renameSite(project.gatehouseSiteId, name);
    project.name = name;
    return project;
  }

  /** Deleting the site in Gatehouse also ends the tokens and authorizations that reached only this project. */
  async deleteProject(project: Project): Promise<void> {
    await this.gatehouse.deleteSite(project.gatehouseSiteId);
    this.projects.delete(project.id);
  }

  organizationOfWorkspace(gatehouseId: string): Organization | undefined {
    return [...this.organizations.values()].find((o) => o.gatehouseId === gatehouseId);
  }
}
