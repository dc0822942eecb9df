import { createProgress, renderLine, wantsLive } from '../../terraform-runner/progress';

test.each([
  [{ isTTY: true }, {}, true],
  [{ isTTY: true }, { CI: 'true' }, false],
  [{ isTTY: true }, { CI: '1' }, false],
  [{ isTTY: true }, { CI: 'false' }, true],
  [{ isTTY: false }, {}, false],
  [{}, {}, false],
])('live output for %j with env %j: %s', (stream, env, live) => {
  expect(wantsLive(stream, env)).toBe(live);
});

test('renderLine: waiting, running with spinner and seconds, done', () => {
  expect(renderLine({ stack: 'dev', phase: 'waiting' }, 7, 0, 0)).toBe('dev      · waiting');
  expect(renderLine({ stack: 'dev', phase: 'plan', started: 1000 }, 7, 13_300, 1)).toBe('dev      ⠙ plan      12.3s');
  expect(renderLine({ stack: 'staging', phase: 'done', started: 0, ended: 5000, ok: false, outcome: 'validate failed' }, 7, 9000, 0)).toBe(
    'staging  ✖ validate failed  5.0s',
  );
});

function recorder(isTTY: boolean): { stream: NodeJS.WritableStream & { isTTY: boolean }; text: () => string } {
  let text = '';
  const stream = { isTTY, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WritableStream & { isTTY: boolean };
  return { stream, text: () => text };
}

test('plain mode writes one line per step, in order, and none for queueing', () => {
  let clock = 0;
  const out = recorder(false);
  const progress = createProgress(['dev'], { stream: out.stream, live: false, now: () => clock });
  progress.phase('dev', 'queued'); // waiting for a core: not worth a log line
  progress.phase('dev', 'init');
  clock = 2500;
  progress.finish('dev', 'validate ok · plan +49 ~0 -0', true);
  progress.close();
  expect(out.text()).toBe('[dev] init…\n[dev] done: validate ok · plan +49 ~0 -0 (2.5s)\n');
});

test('live mode redraws every stack line in place', () => {
  const out = recorder(true);
  const progress = createProgress(['dev', 'prod'], { stream: out.stream, live: true, now: () => 0 });
  progress.phase('prod', 'validate');
  progress.close();
  const frames = out.text().split('\x1b[2F');
  expect(frames.length).toBeGreaterThan(1); // moved up two lines to redraw
  expect(frames.at(-1)).toBe('\x1b[2Kdev   · waiting\n\x1b[2Kprod  ⠋ validate  0.0s\n');
});
