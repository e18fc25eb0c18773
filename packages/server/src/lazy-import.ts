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
