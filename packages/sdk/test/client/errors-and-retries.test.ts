import { describe, expect, it } from 'vitest';
import { GatehouseClient, GatehouseError, parseRetryAfter } from '../../src/index.js';
import { fakeFetch, type FakeAnswer } from '../helpers/fake-fetch.js';
import { ACCESS_TOKEN, BASE, SITE_ID, apiError, site } from '../helpers/fixtures.js';

const tooMany = (retryAfter?: string): FakeAnswer => ({
  status: 429,
  json: apiError('too_many_requests', 'Too Many Requests'),
  ...(retryAfter !== undefined && { headers: { 'retry-after': retryAfter } }),
});

function setup(answers: FakeAnswer[], retry: { maxRetries?: number; maxDelayMs?: number } = {}) {
  const slept: number[] = [];
  const fake = fakeFetch(answers);
  const sleep = async (ms: number) => void slept.push(ms);
  const client = new GatehouseClient({ baseUrl: BASE, accessToken: ACCESS_TOKEN, fetch: fake.fetch, retry: { ...retry, sleep } });
  return { client, slept, requests: fake.requests };
}

describe('Data API errors', () => {
  it('throw a GatehouseError with status, code, message, details and externalReference', async () => {
    const details = [{ field: 'url', message: 'must be https' }];
    const { client } = setup([{ status: 400, json: { ...apiError('validation_error', 'Validation Error'), details } }]);
    const err = await client.webhooks.create(SITE_ID, { triggerType: 'site_publish', url: 'http://x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatehouseError);
    expect(err).toMatchObject({ status: 400, code: 'validation_error', message: 'Validation Error', details, externalReference: null });
  });

  it.each([
    [401, 'not_authorized', 'Request not authorized'],
    [403, 'missing_scopes', 'OAuthForbidden: You are missing the following scopes - sites:write'],
    [404, 'resource_not_found', 'Requested resource not found: The site cannot be found'],
  ])('map %i %s', async (status, code, message) => {
    const { client } = setup([{ status, json: apiError(code, message) }]);
    await expect(client.sites.get(SITE_ID)).rejects.toMatchObject({ status, code, message });
  });

  it('keep the status of a body that is not JSON', async () => {
    const { client } = setup([{ status: 502, text: 'Bad gateway' }]);
    await expect(client.sites.list()).rejects.toMatchObject({ status: 502, code: 'http_error', message: 'HTTP 502: Bad gateway' });
  });
});

describe('retry on 429', () => {
  it('waits for Retry-After seconds and then succeeds', async () => {
    const { client, slept, requests } = setup([tooMany('2'), { json: site }]);
    expect(await client.sites.get(SITE_ID)).toEqual(site);
    expect(slept).toEqual([2000]);
    expect(requests).toHaveLength(2);
  });

  it('reads Retry-After given as an HTTP date', () => {
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });

  it('backs off exponentially without Retry-After', async () => {
    const { client, slept } = setup([tooMany(), tooMany(), { json: { sites: [] } }]);
    await client.sites.list();
    expect(slept).toEqual([1000, 2000]);
  });

  it('retries a POST, which the server refused before doing anything', async () => {
    const { client, requests } = setup([tooMany('0'), { status: 202, json: { customDomains: [], publishToWebflowSubdomain: true } }]);
    await client.sites.publish(SITE_ID);
    expect(requests.map((r) => r.body)).toEqual(['{}', '{}']);
  });

  it('gives up after maxRetries and throws the 429 with retryAfterSeconds', async () => {
    const { client, requests } = setup([tooMany('1'), tooMany('1'), tooMany('1')], { maxRetries: 2 });
    await expect(client.sites.list()).rejects.toMatchObject({ status: 429, code: 'too_many_requests', retryAfterSeconds: 1 });
    expect(requests).toHaveLength(3);
  });

  it('does not wait longer than maxDelayMs: it throws at once instead', async () => {
    const { client, slept, requests } = setup([tooMany('60')], { maxDelayMs: 5_000 });
    await expect(client.sites.list()).rejects.toMatchObject({ status: 429, retryAfterSeconds: 60 });
    expect(slept).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it('does not retry when maxRetries is 0, nor on other statuses', async () => {
    const zero = setup([tooMany('1')], { maxRetries: 0 });
    await expect(zero.client.sites.list()).rejects.toMatchObject({ status: 429 });
    const other = setup([{ status: 500, json: apiError('internal_error', 'An Internal Error occurred') }]);
    await expect(other.client.sites.list()).rejects.toMatchObject({ status: 500 });
    expect(other.requests).toHaveLength(1);
  });

  it('retries the OAuth endpoints too', async () => {
    const slept: number[] = [];
    const fake = fakeFetch([tooMany('1'), { json: { active: false } }]);
    const sleep = async (ms: number) => void slept.push(ms);
    const client = new GatehouseClient({ baseUrl: BASE, clientId: 'c', clientSecret: 's', fetch: fake.fetch, retry: { sleep } });
    expect(await client.introspect('t')).toEqual({ active: false });
    expect(slept).toEqual([1000]);
  });
});
