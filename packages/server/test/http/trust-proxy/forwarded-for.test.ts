import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS_LIMIT_PER_MINUTE } from '../../../src/http/routes/api/v2/admission.js';
import { ATTEMPT_LIMITS } from '../../../src/platform/accounts/attempt-throttle.js';
import { createTestApp } from '../../support/runtime.js';
import { hiddenCsrf, setCookies } from '../oauth/oauth-helpers.js';

const PROXY = '10.0.0.1';
/** Failed sign-ins one address may make over every account. */
const ADDRESS_LIMIT = ATTEMPT_LIMITS['sign-in-address'];

/** With TRUST_PROXY naming one proxy, only that proxy may say who the client is. */
describe('TRUST_PROXY set to one proxy address', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { TRUST_PROXY: PROXY });
  });
  afterAll(() => t.close());

  let n = 0;
  const freshForwardedFor = () => (++n, `198.51.${Math.floor(n / 250)}.${n % 250}`);

  async function failedLogins(peer: string, attempts: number): Promise<number[]> {
    const page = await t.app.inject({ url: '/login', remoteAddress: peer });
    const cookie = setCookies(page);
    const statuses: number[] = [];
    for (let i = 0; i < attempts; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/login',
        remoteAddress: peer,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': freshForwardedFor() },
        payload: new URLSearchParams({ _csrf: hiddenCsrf(page.body), email: `nobody-${peer}-${i}@example.com`, password: 'wrong password!' }).toString(),
      });
      statuses.push(res.statusCode);
    }
    return statuses;
  }

  async function badTokenRequests(peer: string, count: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      const res = await t.app.inject({
        url: '/v2/sites',
        remoteAddress: peer,
        headers: { authorization: 'Bearer not-a-token', 'x-forwarded-for': freshForwardedFor() },
      });
      statuses.push(res.statusCode);
    }
    return statuses;
  }

  it('counts failed logins from an untrusted peer on that peer, whatever X-Forwarded-For says', async () => {
    const statuses = await failedLogins('127.0.0.1', ADDRESS_LIMIT + 2);
    expect(statuses.slice(0, ADDRESS_LIMIT)).toEqual(Array(ADDRESS_LIMIT).fill(401));
    expect(statuses.slice(ADDRESS_LIMIT)).toEqual([429, 429]);
  });

  it('counts bad-token Data API requests from an untrusted peer on that peer, whatever X-Forwarded-For says', async () => {
    const statuses = await badTokenRequests('127.0.0.2', ANONYMOUS_LIMIT_PER_MINUTE + 100);
    expect(statuses.filter((s) => s === 401)).toHaveLength(ANONYMOUS_LIMIT_PER_MINUTE);
    expect(statuses.slice(ANONYMOUS_LIMIT_PER_MINUTE)).toEqual(Array(100).fill(429));
  });

  it('takes the client address from X-Forwarded-For when the named proxy sends it', async () => {
    expect(await failedLogins(PROXY, ADDRESS_LIMIT + 2)).toEqual(Array(ADDRESS_LIMIT + 2).fill(401));
    const statuses = await badTokenRequests(PROXY, ANONYMOUS_LIMIT_PER_MINUTE + 100);
    expect(statuses).toEqual(Array(ANONYMOUS_LIMIT_PER_MINUTE + 100).fill(401));
  });
});
