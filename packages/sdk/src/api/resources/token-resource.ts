import type { ResolvedOptions } from '../../options.js';
import { dataApiRequest, v2Path } from '../data-api-request.js';
import type { AuthorizationInfo, AuthorizedUser } from '../types/token.js';

/**
 * `/v2/token/*`: what the current OAuth token is. Site and workspace tokens get `403 forbidden`.
 *
 * @example
 * const info = await client.token.introspect();
 * const user = await client.token.authorizedBy();
 */
export class TokenResource {
  constructor(private readonly options: ResolvedOptions) {}

  /**
   * `GET /v2/token/introspect` (no scope needed).
   *
   * @example
   * const { authorization } = await client.token.introspect();
   */
  introspect(): Promise<AuthorizationInfo> {
    return dataApiRequest(this.options, 'GET', v2Path`/token/introspect`);
  }

  /**
   * `GET /v2/token/authorized_by` (`authorized_user:read`).
   *
   * @example
   * const { email } = await client.token.authorizedBy();
   */
  authorizedBy(): Promise<AuthorizedUser> {
    return dataApiRequest(this.options, 'GET', v2Path`/token/authorized_by`);
  }
}
