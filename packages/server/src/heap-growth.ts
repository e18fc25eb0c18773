import v8 from 'node:v8';

/**
 * docs/adr/0030-heap-growth.md: after each full collection V8 lets the old generation grow to a multiple of
 * what it left live before it collects again, a multiple it picks between 1.1 and 4 from its own
 * speed; `--heap-growing-percent` fixes that multiple. V8 reads the flag at every full collection, so
 * it takes effect when set at run time, unlike the heap's size limits, which are fixed at start-up. 0 is
 * V8's own default: its choice again.
 */
export function applyHeapGrowth(percent: number): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
