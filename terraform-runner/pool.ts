/** Small concurrency helpers: a bounded pool, a counting semaphore and a one-at-a-time lock. */

/** Runs `work` over `items` with at most `limit` at once; results keep the items' order. */
export async function runPool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** A lock: `const release = await lock(); … release();` runs the guarded sections one at a time. */
export function createLock(): () => Promise<() => void> {
  let tail = Promise.resolve();
  return () => {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const ready = tail.then(() => release);
    tail = tail.then(() => turn);
    return ready;
  };
}

/** At most `limit` holders at once, served first come first served: `const release = await acquire(); … release();` */
export function createSemaphore(limit: number): () => Promise<() => void> {
  let free = Math.max(1, limit);
  const queue: (() => void)[] = [];
  const release = (): void => {
    const next = queue.shift();
    if (next) next();
    else free++;
  };
  return () =>
    new Promise((resolve) => {
      const grant = (): void => {
        let released = false;
        resolve(() => {
          if (!released) {
            released = true;
            release();
          }
        });
      };
      if (free > 0) {
        free--;
        grant();
      } else queue.push(grant);
    });
}
