import { createRequire } from 'node:module';

/**
 * A library that only rare routes need, loaded at its first use instead of at start-up, so a node's
 * resident memory holds only what its request paths use (docs/deployment.md, "Memory"). Concurrent
 * first uses share one load; a failed load is tried again at the next use.
 */
export function lazyImport<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    }));
}

const require = createRequire(import.meta.url);

/**
 * The same, for a CommonJS library a synchronous path needs (a log destination made while the logger is,
 * a configuration file parsed at start-up): loaded by `require` the first time it is asked for.
 */
export function lazyRequire<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(specifier) as T);
}
