/**
 * Progress while stacks are checked: on a terminal one live line per stack, redrawn in place; in CI
 * (`CI` set) or when output is not a terminal, one plain line per step, so logs read top to bottom.
 */

/**
 * `queued`: the stack waits for a free core (terraform processes are capped at one per core).
 * `baseline`: the baseline's own plan (change plans); `state`: the state fabricated from it.
 */
export type Phase = 'waiting' | 'copy' | 'queued' | 'init' | 'validate' | 'baseline' | 'state' | 'plan' | 'show' | 'done';

export interface StackLine {
  readonly stack: string;
  phase: Phase;
  /** ms timestamp when the stack started (not while waiting). */
  started?: number;
  /** ms timestamp when the stack finished. */
  ended?: number;
  /** Final words, e.g. `validate ok · plan +65 ~0 -0`. */
  outcome?: string;
  ok?: boolean;
}

export interface Progress {
  phase(stack: string, phase: Phase): void;
  finish(stack: string, outcome: string, ok: boolean): void;
  /** Stops redrawing; leaves the last frame on screen. */
  close(): void;
}

export interface ProgressOptions {
  readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly live: boolean;
  readonly now?: () => number;
}

/** Live output only on a terminal and outside CI (`CI=true`, `CI=1`, … anything but empty/false/0). */
export function wantsLive(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return Boolean(stream.isTTY) && (!ci || ci === 'false' || ci === '0');
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** One stack's line: `prod     ⠙ plan      12.3s` or `prod     ✔ validate ok · plan +65 ~0 -0  12.3s`. Pure. */
export function renderLine(line: StackLine, nameWidth: number, now: number, frame: number): string {
  const name = line.stack.padEnd(nameWidth);
  const seconds = line.started === undefined ? '' : `${(((line.ended ?? now) - line.started) / 1000).toFixed(1)}s`;
  if (line.phase === 'done') return `${name}  ${line.ok ? '✔' : '✖'} ${line.outcome ?? ''}  ${seconds}`.trimEnd();
  if (line.phase === 'waiting') return `${name}  · waiting`;
  return `${name}  ${SPINNER[frame % SPINNER.length]} ${line.phase.padEnd(8)}  ${seconds}`.trimEnd();
}

export function createProgress(stacks: readonly string[], options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const lines = new Map<string, StackLine>(stacks.map((stack) => [stack, { stack, phase: 'waiting' as Phase }]));
  const width = Math.max(0, ...stacks.map((s) => s.length));
  const out = options.stream;
  let frame = 0;
  let drawn = 0;
  let timer: NodeJS.Timeout | undefined;

  const draw = (): void => {
    const columns = out.columns || 120;
    let text = drawn > 0 ? `\x1b[${drawn}F` : '';
    for (const line of lines.values()) text += `\x1b[2K${renderLine(line, width, now(), frame).slice(0, columns - 1)}\n`;
    drawn = lines.size;
    out.write(text);
  };

  if (options.live) {
    draw();
    timer = setInterval(() => {
      frame++;
      draw();
    }, 120);
    timer.unref();
  }

  return {
    phase(stack, phase) {
      const line = lines.get(stack);
      if (!line) return;
      line.phase = phase;
      line.started ??= now();
      if (options.live) draw();
      else if (phase !== 'queued') out.write(`[${stack}] ${phase}…\n`);
    },
    finish(stack, outcome, ok) {
      const line = lines.get(stack);
      if (!line) return;
      line.started ??= now();
      line.phase = 'done';
      line.ended = now();
      line.outcome = outcome;
      line.ok = ok;
      if (options.live) draw();
      else out.write(`[${stack}] ${ok ? 'done' : 'FAILED'}: ${outcome} (${((line.ended - line.started) / 1000).toFixed(1)}s)\n`);
    },
    close() {
      if (timer) clearInterval(timer);
      if (options.live) draw();
    },
  };
}
