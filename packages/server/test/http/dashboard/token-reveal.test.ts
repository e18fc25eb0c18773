import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../../src/crypto/secret-box.js';
import { REVEAL_COOKIE, tokenReveals } from '../../../src/http/routes/dashboard/token-reveal.js';
import type { Runtime } from '../../../src/runtime.js';

/** A reply that records cookies, and a request that sends them back. */
function browser() {
  const jar: Record<string, string> = {};
  const cleared: string[] = [];
  const reply = {
    setCookie: (name: string, value: string) => void (jar[name] = value),
    clearCookie: (name: string) => void cleared.push(name),
  } as unknown as FastifyReply;
  const request = () => ({ cookies: { ...jar } }) as unknown as FastifyRequest;
  return { jar, cleared, reply, request };
}

describe('the one-time token reveal', () => {
  let clock = Date.parse('2026-11-22T12:00:00Z');
  const runtime = {
    ctx: { secrets: new SecretBox(randomBytes(32)), now: () => new Date(clock) },
    config: { publicUrl: 'http://127.0.0.1:8080' },
  } as unknown as Runtime;
  const reveals = tokenReveals(runtime);

  it('hands the value to its user once, and clears it as it is read', () => {
    const b = browser();
    reveals.hand(b.reply, '/sites/x/api-access', 'user-1', { tokenId: 't1', value: 'gth_site_secret' });
    expect(b.jar[REVEAL_COOKIE]).not.toContain('gth_site_secret');
    expect(reveals.take(b.request(), b.reply, '/sites/x/api-access', 'user-1')).toEqual({ tokenId: 't1', value: 'gth_site_secret' });
    expect(b.cleared).toEqual([REVEAL_COOKIE]);
  });

  it('shows nothing after five minutes, even if the browser kept the cookie', () => {
    const b = browser();
    reveals.hand(b.reply, '/p', 'user-1', { tokenId: 't1', value: 'v' });
    clock += 5 * 60 * 1000 + 1;
    expect(reveals.take(b.request(), b.reply, '/p', 'user-1')).toBeUndefined();
    expect(b.cleared).toEqual([REVEAL_COOKIE]);
  });

  it('shows nothing to another user, or from a cookie sealed with another key', () => {
    const b = browser();
    reveals.hand(b.reply, '/p', 'user-1', { tokenId: 't1', value: 'v' });
    expect(reveals.take(b.request(), b.reply, '/p', 'user-2')).toBeUndefined();
    const elsewhere = tokenReveals({ ...runtime, ctx: { ...runtime.ctx, secrets: new SecretBox(randomBytes(32)) } } as Runtime);
    expect(elsewhere.take(b.request(), b.reply, '/p', 'user-1')).toBeUndefined();
  });

  it('names the cookie __Secure-… outside loopback, and reads only that name', () => {
    const https = tokenReveals({ ...runtime, config: { publicUrl: 'https://auth.example.com' } } as Runtime);
    const b = browser();
    https.hand(b.reply, '/p', 'user-1', { tokenId: 't1', value: 'v' });
    expect(Object.keys(b.jar)).toEqual([`__Secure-${REVEAL_COOKIE}`]);
    const planted = { cookies: { [REVEAL_COOKIE]: b.jar[`__Secure-${REVEAL_COOKIE}`] } } as unknown as FastifyRequest;
    expect(https.take(planted, b.reply, '/p', 'user-1')).toBeUndefined();
    expect(https.take(b.request(), b.reply, '/p', 'user-1')).toEqual({ tokenId: 't1', value: 'v' });
  });
});
