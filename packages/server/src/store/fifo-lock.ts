/**
 * A lock handed to its waiters one at a time, in the order they came. Kysely's SQLite driver guards its
 * one connection with a mutex whose release wakes every waiter, each of which finds it taken again and
 * waits anew: with n queries waiting (a burst of cache misses) a release costs n wake-ups, and draining
 * the queue costs n². Held in front of that mutex, this leaves it at most the holder and one more.
 */
export class FifoLock {
  private taken = false;
  private readonly waiting: Array<() => void> = [];

  /** Someone holds the lock (and perhaps others wait for it). */
  get held(): boolean {
    return this.taken;
  }

  async acquire(): Promise<void> {
    if (!this.taken) {
      this.taken = true;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Hands the lock to the longest waiter, or frees it. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.taken = false;
  }
}
