/**
 * The scope catalogue (docs/own-api.md, "The configuration file"; for the built-in preset
 * docs/webflow-wire.md, "Scopes and token kinds"). It is built once at start from the configuration
 * and handed to every surface; nothing here is mutable.
 *
 * Gatehouse models two resource levels: the outer one (`workspace`: members, apps, tokens) and the
 * inner one (`site`: what an app may be installed on). A catalogue names both in its own words.
 */
export type ScopeLevel = 'site' | 'workspace';

export interface ScopeInfo {
  name: string;
  /** The group the consent screen shows the scope under (e.g. "CMS"). */
  resource: string;
  /** Site-level scopes reach sites; workspace-level scopes reach the workspace itself. */
  level: ScopeLevel;
  /** The plain words the consent screen shows. */
  description: string;
  /** Whether a site token may carry it. */
  siteTokens: boolean;
  /** Whether a workspace token may carry it. */
  workspaceTokens: boolean;
}

/** How a level is called, in lower case: "site"/"sites", "project"/"projects". */
export interface LevelWords {
  singular: string;
  plural: string;
}

/** A logo read at start, served at `/assets/logo`. */
export interface ProductLogo {
  bytes: Buffer;
  contentType: string;
}

export interface CatalogueInput {
  productName: string;
  logo?: ProductLogo | undefined;
  levels: Record<ScopeLevel, LevelWords>;
  scopes: readonly ScopeInfo[];
  /** Only the built-in Webflow preset serves the Webflow Data API under `/v2`. */
  webflowDataApi: boolean;
}

export class Catalogue {
  readonly productName: string;
  readonly logo: ProductLogo | undefined;
  readonly levels: Readonly<Record<ScopeLevel, Readonly<LevelWords>>>;
  readonly scopes: ReadonlyMap<string, ScopeInfo>;
  /** Every scope name, in catalogue order (the order stored scope strings use). */
  readonly scopeNames: readonly string[];
  readonly siteTokenScopes: readonly string[];
  readonly workspaceTokenScopes: readonly string[];
  readonly webflowDataApi: boolean;

  constructor(input: CatalogueInput) {
    this.productName = input.productName;
    this.logo = input.logo;
    this.levels = Object.freeze({ site: Object.freeze({ ...input.levels.site }), workspace: Object.freeze({ ...input.levels.workspace }) });
    this.scopes = new Map(input.scopes.map((s) => [s.name, Object.freeze({ ...s })]));
    this.scopeNames = Object.freeze(input.scopes.map((s) => s.name));
    this.siteTokenScopes = Object.freeze(input.scopes.filter((s) => s.siteTokens).map((s) => s.name));
    this.workspaceTokenScopes = Object.freeze(input.scopes.filter((s) => s.workspaceTokens).map((s) => s.name));
    this.webflowDataApi = input.webflowDataApi;
    Object.freeze(this);
  }

  isKnown(scope: string): boolean {
    return this.scopes.has(scope);
  }

  levelOf(scope: string): ScopeLevel | undefined {
    return this.scopes.get(scope)?.level;
  }

  maySiteTokenCarry(scope: string): boolean {
    return this.scopes.get(scope)?.siteTokens === true;
  }

  mayWorkspaceTokenCarry(scope: string): boolean {
    return this.scopes.get(scope)?.workspaceTokens === true;
  }

  /** Stored and RFC 6749 form: space-separated, in catalogue order, unknown names last. */
  formatScopes(scopes: Iterable<string>): string {
    return formatInOrder(this.scopeNames, this.scopes, scopes);
  }

  /** Groups scopes by resource for the consent screen. */
  groupByResource(scopes: Iterable<string>): Array<{ resource: string; scopes: ScopeInfo[] }> {
    const groups = new Map<string, ScopeInfo[]>();
    for (const name of scopes) {
      const info = this.scopes.get(name);
      if (!info) continue;
      const list = groups.get(info.resource) ?? [];
      list.push(info);
      groups.set(info.resource, list);
    }
    return [...groups].map(([resource, list]) => ({ resource, scopes: list }));
  }
}

function formatInOrder(order: readonly string[], known: ReadonlyMap<string, unknown>, scopes: Iterable<string>): string {
  const set = new Set(scopes);
  return order
    .filter((s) => set.has(s))
    .concat([...set].filter((s) => !known.has(s)))
    .join(' ');
}

/** Splits a scope string on spaces, `+` and commas (Webflow reports scopes comma-separated), dropping duplicates. */
export function parseScopeList(raw: string): string[] {
  return [...new Set(raw.split(/[\s+,]+/).filter(Boolean))];
}

/** "site" → "Site": for headings and the start of a sentence. */
export function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
