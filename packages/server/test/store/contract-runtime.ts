import { afterAll, beforeAll } from 'vitest';
import type { PlatformContext } from '../../src/platform/context.js';
import { createTestRuntime, type Backend, type TestRuntime } from '../support/runtime.js';

/** A settable clock, so expiry rules are tested without sleeping. */
export class TestClock {
  constructor(public current = new Date('2026-01-01T00:00:00.000Z')) {}
  now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** A fresh database (own SQLite dir or PostgreSQL schema) for one describe block, with a test clock. */
export function useContractRuntime(backend: Backend): { rt: () => TestRuntime; ctx: () => PlatformContext; clock: TestClock } {
  const clock = new TestClock();
  let runtime: TestRuntime | undefined;
  beforeAll(async () => {
    runtime = await createTestRuntime(backend, {}, { now: clock.now });
  });
  afterAll(async () => {
    await runtime?.dispose();
  });
  const rt = () => {
    if (!runtime) throw new Error('runtime not ready');
    return runtime;
  };
  return { rt, ctx: () => rt().ctx, clock };
}

/** Runs `n` copies of `fn` at once and sorts the outcomes. */
export async function race<T>(n: number, fn: (i: number) => Promise<T>): Promise<{ ok: T[]; failed: unknown[] }> {
  const settled = await Promise.allSettled(Array.from({ length: n }, (_, i) => fn(i)));
  return {
    ok: settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])),
    failed: settled.flatMap((s) => (s.status === 'rejected' ? [s.reason] : [])),
  };
}
