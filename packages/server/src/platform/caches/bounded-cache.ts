import { InsertionOrderedMap } from '../../insertion-ordered-map.js';

/** Sizes and lifetimes of one cache; docs/configuration.md lists the settings that feed them. */
export interface BoundedCacheOptions {
  /** Most entries kept; the least recently stored is dropped first. */
  maxEntries: number;
  /** How long an entry is trusted without asking the database again. */
  ttlMs: number;
  now?: () => number;
}

interface Entry<V> {
  value: V;
  storedAt: number;
  tags: readonly string[];
}

/**
 * The one cache every node-local read cache is made of (docs/design.md, "Caches"): bounded, short-lived,
 * and invalidated by key or by tag in time proportional to what it drops, never to its size. A tag names
 * something a notice can name (`token:<id>`, `authorization:<id>`, `app:<id>`, `site:<id>`,
 * `workspace:<id>`); each entry lists the tags whose change makes it wrong.
 *
 * The generation is bumped by every invalidation. A read that began before one may have seen the old
 * state, so `load` answers are kept only when no invalidation came in between.
 */
export class BoundedCache<V> {
  private readonly entries = new InsertionOrderedMap<string, Entry<V>>();
  /**
   * Tag → the keys carrying it. Most tags (`token:<id>`) name one entry, so a lone key is held as a string and
   * a Set is made only for a second: a full token cache then holds no Set per token for the collector to trace.
   */
  private readonly byTag = new Map<string, string | Set<string>>();
  private readonly now: () => number;
  generation = 0;

  constructor(private readonly options: BoundedCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The fresh value for `key`, or undefined (a shared object: callers must not mutate it). */
  get(key: string, now = this.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now - entry.storedAt >= this.options.ttlMs) {
      this.remove(key, entry);
      return undefined;
    }
    return entry.value;
  }

  /** Keeps `value` unless an invalidation happened since `readAtGeneration` was taken. */
  set(key: string, value: V, tags: readonly string[], readAtGeneration = this.generation): void {
    if (readAtGeneration !== this.generation || this.options.maxEntries <= 0) return;
    const replaced = this.entries.set(key, { value, storedAt: this.now(), tags });
    if (replaced) this.untag(key, replaced.tags);
    for (const tag of tags) {
      const keys = this.byTag.get(tag);
      if (keys === undefined) this.byTag.set(tag, key);
      else if (typeof keys !== 'string') keys.add(key);
      else if (keys !== key) this.byTag.set(tag, new Set([keys, key]));
    }
    if (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.deleteOldest()!;
      this.untag(oldest.key, oldest.value.tags);
    }
  }

  /** The cached value, or what `load` reads (kept with its tags); `load` answering undefined is not kept. */
  async getOrLoad(key: string, load: () => Promise<{ value: V; tags: readonly string[] } | undefined>): Promise<V | undefined> {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const generation = this.generation;
    const loaded = await load();
    if (!loaded) return undefined;
    this.set(key, loaded.value, loaded.tags, generation);
    return loaded.value;
  }

  /** Drops the entries stored under `keys`. */
  invalidateKeys(keys: Iterable<string>): void {
    this.generation++;
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry) this.remove(key, entry);
    }
  }

  /** Drops every entry that carries one of `tags`: a map lookup per tag, whatever the cache holds. */
  invalidateTags(tags: Iterable<string>): void {
    this.generation++;
    for (const tag of tags) {
      const keys = this.byTag.get(tag);
      if (keys === undefined) continue;
      for (const key of typeof keys === 'string' ? [keys] : [...keys]) {
        const entry = this.entries.get(key);
        if (entry) this.remove(key, entry);
      }
    }
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.byTag.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private remove(key: string, entry: Entry<V>): void {
    this.entries.delete(key);
    this.untag(key, entry.tags);
  }

  /** Forgets that `key` carries `tags`. */
  private untag(key: string, tags: readonly string[]): void {
    for (const tag of tags) {
      const keys = this.byTag.get(tag);
      if (keys === undefined) continue;
      if (typeof keys === 'string') {
        if (keys === key) this.byTag.delete(tag);
      } else if (keys.delete(key) && keys.size === 0) this.byTag.delete(tag);
    }
  }
}
