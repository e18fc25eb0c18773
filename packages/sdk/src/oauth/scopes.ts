/**
 * Splits a scope string into scopes. RFC 6749 separates scopes with spaces; Webflow's
 * `/v2/token/introspect` reports them comma-separated (docs/webflow-wire.md, "Token introspection and the authorizing user"); both are accepted.
 *
 * @example
 * parseScopes('sites:read,cms:read'); // ['sites:read', 'cms:read']
 */
export function parseScopes(scope: string | undefined | null): string[] {
  if (!scope) return [];
  return [...new Set(scope.split(/[\s,]+/).filter(Boolean))];
}

/**
 * Which of the `required` scopes a granted scope list lacks (empty when none is missing).
 * Scopes match exactly: `sites:write` does not imply `sites:read`.
 *
 * @example
 * missingScopes(['sites:read'], ['sites:read', 'sites:write']); // ['sites:write']
 */
export function missingScopes(granted: readonly string[], required: readonly string[]): string[] {
  const have = new Set(granted);
  return required.filter((scope) => !have.has(scope));
}
