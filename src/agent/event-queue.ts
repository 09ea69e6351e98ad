/**
 * A push/pull queue that lets concurrent producers (tools running in parallel) feed one async
 * generator, which yields their events in the order they happened.
 */
export class EventQueue<T> {
  private items: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | undefined;
  private closed = false;
  private settledWaiters: (() => void)[] = [];

  push(item: T): void {
    if (this.closed) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: item, done: false });
    } else {
      this.items.push(item);
    }
  }

  close(): void {
    this.closed = true;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: undefined, done: true });
    }
    this.wakeSettled();
  }

  /**
   * Resolves once the consumer has taken every item pushed so far and asks for the next: what it
   * does for those items (an extension notification) has happened. A producer awaits this before
   * something that must come after them.
   */
  settled(): Promise<void> {
    if (this.closed || (this.waiting && this.items.length === 0)) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  private wakeSettled(): void {
    const waiters = this.settledWaiters;
    this.settledWaiters = [];
    for (const wake of waiters) wake();
  }

  async *drain(): AsyncGenerator<T> {
    while (true) {
      if (this.items.length > 0) {
        yield this.items.shift()!;
        continue;
      }
      if (this.closed) return;
      const next = new Promise<IteratorResult<T>>((resolve) => (this.waiting = resolve));
      this.wakeSettled();
      const item = await next;
      if (item.done) return;
      yield item.value;
    }
  }
}
