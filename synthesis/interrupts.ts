/**
 * Ctrl-C (SIGINT) and SIGTERM during synthesis: the handler only records the signal; synthesis checks
 * it at its safe points (before writing, before the swap), removes what it started and exits with
 * 128 + the signal number (130 for Ctrl-C), so an interrupted run leaves the previous output whole.
 */
import { constants } from 'node:os';

export class Interrupted extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted (${signal})`);
    this.name = 'Interrupted';
  }
}

export interface InterruptTrap {
  /** Resolves when a signal arrives. */
  readonly signalled: Promise<NodeJS.Signals>;
  /** Throws Interrupted when a signal has arrived. */
  check(): void;
  dispose(): void;
}

export function trapInterrupts(): InterruptTrap {
  let received: NodeJS.Signals | undefined;
  let resolve!: (signal: NodeJS.Signals) => void;
  const signalled = new Promise<NodeJS.Signals>((done) => (resolve = done));
  const handler = (signal: NodeJS.Signals) => {
    received ??= signal;
    resolve(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signalled,
    check() {
      if (received) throw new Interrupted(received);
    },
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/** The exit code of a process ended by `signal`: 130 for SIGINT, 143 for SIGTERM. */
export function exitCodeForSignal(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/** Lets pending signal handlers run (synthesis itself is synchronous and blocks them). */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
