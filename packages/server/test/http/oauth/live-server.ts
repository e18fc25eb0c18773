import { buildApp } from '../../../src/http/app.js';
import { freePort } from '../../support/loopback.js';
import { createTestRuntime, type Backend } from '../../support/runtime.js';
import { hiddenCsrf, hiddenInteraction } from './oauth-helpers.js';

/** A Gatehouse listening on loopback whose PUBLIC_URL is its real address, so `iss` and metadata match. */
export async function startLiveServer(backend: Backend = 'sqlite', env: Record<string, string> = {}) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const runtime = await createTestRuntime(backend, { PUBLIC_URL: origin, ...env });
  const app = await buildApp(runtime, { logger: false });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    runtime,
    app,
    origin,
    close: async () => {
      await app.close();
      await runtime.dispose();
    },
  };
}

const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

/**
 * Drives the browser side over real HTTP, as a user with a session would: authorize → consent →
 * approve. Answers the callback URL the app would receive.
 */
export async function approveOverHttp(origin: string, sessionCookie: string, authorizeUrl: string, decision: Record<string, string | string[]>): Promise<URL> {
  const start = await fetch(authorizeUrl, { headers: { cookie: sessionCookie }, redirect: 'manual' });
  const resume = start.headers.get('location');
  if (start.status !== 303 || !resume) throw new Error(`authorize answered ${start.status}: ${await start.text()}`);
  const page = await fetch(new URL(resume, origin), { headers: { cookie: sessionCookie } });
  const html = await page.text();
  const cookie = [sessionCookie, cookiesOf(page)].filter(Boolean).join('; ');
  const form = new URLSearchParams({ _csrf: hiddenCsrf(html), interaction: hiddenInteraction(html) });
  for (const [k, v] of Object.entries(decision)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
  const answer = await fetch(`${origin}/oauth/authorize/decision`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
    redirect: 'manual',
  });
  const location = answer.headers.get('location');
  if (answer.status !== 303 || !location) throw new Error(`decision answered ${answer.status}: ${(await answer.text()).slice(0, 300)}`);
  return new URL(location);
}
