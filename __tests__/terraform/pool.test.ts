import { createLock, createSemaphore, runPool } from '../../terraform-runner/pool';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('runPool keeps order and never runs more than the limit at once', async () => {
  let running = 0;
  let most = 0;
  const results = await runPool([5, 1, 4, 2, 3], 2, async (n) => {
    running++;
    most = Math.max(most, running);
    for (let i = 0; i < n; i++) await tick();
    running--;
    return n * 10;
  });
  expect(results).toEqual([50, 10, 40, 20, 30]);
  expect(most).toBe(2);
});

test('createSemaphore hands out at most `limit` slots, first come first served; double release is harmless', async () => {
  const acquire = createSemaphore(2);
  const order: string[] = [];
  const a = await acquire();
  const b = await acquire();
  const c = acquire().then((release) => (order.push('c'), release));
  const d = acquire().then((release) => (order.push('d'), release));
  await tick();
  expect(order).toEqual([]);
  a();
  a();
  await tick();
  expect(order).toEqual(['c']);
  b();
  (await c)();
  (await d)();
  expect(order).toEqual(['c', 'd']);
});

test('createLock runs guarded sections one at a time', async () => {
  const lock = createLock();
  const events: string[] = [];
  await Promise.all(
    ['x', 'y', 'z'].map(async (name) => {
      const release = await lock();
      events.push(`${name}+`);
      await tick();
      events.push(`${name}-`);
      release();
    }),
  );
  expect(events).toEqual(['x+', 'x-', 'y+', 'y-', 'z+', 'z-']);
});
