interface Link<K, V> {
  readonly key: K;
  readonly value: V;
  older: Link<K, V> | undefined;
  newer: Link<K, V> | undefined;
}

/**
 * A map that hands out its oldest key in constant time, for the bounded memories that forget the oldest
 * entry first. A plain Map cannot be used as that queue: V8 leaves each deleted entry as a hole that
 * iteration steps over until the table is next rebuilt, so `keys().next()` after many deletions from the
 * front walks every hole (about 20 µs per eviction at 10,000 entries). Here the order is a doubly linked
 * list through the entries, so storing, deleting and finding the oldest each cost one Map operation.
 * `set` answers the value it replaced and `deleteOldest` the entry it dropped, so a bounded memory that
 * stores a key and forgets its oldest pays no lookup of its own beside them: on a token's first use
 * those maps hold thousands of entries that are seldom in the CPU's caches.
 */
export class InsertionOrderedMap<K, V> {
  private readonly links = new Map<K, Link<K, V>>();
  private oldest: Link<K, V> | undefined;
  private newest: Link<K, V> | undefined;

  get size(): number {
    return this.links.size;
  }

  get(key: K): V | undefined {
    return this.links.get(key)?.value;
  }

  /** Stores `value` as the newest entry; a key already present moves to the newest place. Answers the value it replaced. */
  set(key: K, value: V): V | undefined {
    const replaced = this.links.get(key);
    if (replaced) this.unlink(replaced);
    const link: Link<K, V> = { key, value, older: this.newest, newer: undefined };
    if (this.newest) this.newest.newer = link;
    else this.oldest = link;
    this.newest = link;
    this.links.set(key, link);
    return replaced?.value;
  }

  delete(key: K): boolean {
    const link = this.links.get(key);
    if (!link) return false;
    this.links.delete(key);
    this.unlink(link);
    return true;
  }

  /** Drops the entry stored longest ago and answers it (undefined when empty). */
  deleteOldest(): { readonly key: K; readonly value: V } | undefined {
    const link = this.oldest;
    if (!link) return undefined;
    this.links.delete(link.key);
    this.unlink(link);
    return link;
  }

  /** The key stored longest ago (undefined when empty). */
  oldestKey(): K | undefined {
    return this.oldest?.key;
  }

  /** Takes `link` out of the order (not out of `links`). */
  private unlink(link: Link<K, V>): void {
    if (link.older) link.older.newer = link.newer;
    else this.oldest = link.newer;
    if (link.newer) link.newer.older = link.older;
    else this.newest = link.older;
  }

  clear(): void {
    this.links.clear();
    this.oldest = this.newest = undefined;
  }
}
