import type { UpstreamProviderEntry } from './catalogue-schema.js';
import { issuerProblem, type UpstreamProvider } from './upstream-providers.js';

/**
 * The configuration file's `upstreamProviders` (docs/own-api.md, "Sign-in providers in the file"), after
 * the schema has checked their shape: what a schema cannot say, and the secret read from the environment
 * when the file names a variable instead of holding it. Problems name the field, as the file's others do.
 */
export function upstreamProvidersFromFile(
  entries: readonly UpstreamProviderEntry[],
  env: Record<string, string | undefined>,
): { providers: UpstreamProvider[]; problems: string[] } {
  const problems: string[] = [];
  const firstById = new Map<string, number>();
  const providers = entries.map((entry, i): UpstreamProvider => {
    const at = `upstreamProviders[${i}]`;
    const first = firstById.get(entry.id);
    if (first !== undefined) problems.push(`${at}.id: "${entry.id}" is already used by upstreamProviders[${first}]`);
    else firstById.set(entry.id, i);
    const issuer = issuerProblem(entry.issuer);
    if (issuer) problems.push(`${at}.issuer: ${issuer}`);
    return {
      id: entry.id,
      name: entry.name ?? entry.id,
      issuer: entry.issuer,
      clientId: entry.clientId,
      clientSecret: secretOf(entry, at, env, problems),
      emailClaim: entry.emailClaim ?? 'email',
    };
  });
  return { providers, problems };
}

function secretOf(entry: UpstreamProviderEntry, at: string, env: Record<string, string | undefined>, problems: string[]): string {
  if (entry.clientSecret !== undefined && entry.clientSecretEnv !== undefined) {
    problems.push(`${at}: give clientSecret or clientSecretEnv, not both`);
    return '';
  }
  if (entry.clientSecret !== undefined) return entry.clientSecret;
  if (entry.clientSecretEnv === undefined) {
    problems.push(`${at}.clientSecretEnv: is missing (or give clientSecret)`);
    return '';
  }
  const secret = env[entry.clientSecretEnv]?.trim();
  if (!secret) problems.push(`${at}.clientSecretEnv: the environment variable ${entry.clientSecretEnv} is not set`);
  return secret ?? '';
}
