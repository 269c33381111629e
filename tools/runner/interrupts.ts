/**
 * Ctrl-C, SIGTERM and SIGHUP. During the demo the first one lets the current step finish and the
 * demo remove its bucket (nothing is left in the account); a second one, or one at any other
 * time, stops the embedded S3 at once and exits.
 */
import type { RunnerIO } from "./io";

/** Exit codes of a process ended by these signals, as a shell reports them (128 + number). */
const SIGNAL_EXIT_CODES = new Map<NodeJS.Signals, number>([
  ["SIGINT", 130],
  ["SIGTERM", 143],
  ["SIGHUP", 129],
]);

/** A second signal this soon after the first is the same Ctrl-C, delivered twice. */
const ECHO_MS = 1_000;

export class Interrupted extends Error {
  readonly exitCode: number;

  constructor(readonly signal: NodeJS.Signals) {
    super(`Interrupted (${signal}).`);
    this.name = "Interrupted";
    this.exitCode = SIGNAL_EXIT_CODES.get(signal) ?? 1;
  }
}

export class Interrupts {
  /** True while a signal should wait for the demo to clean up rather than end the process. */
  graceful = false;
  private received: NodeJS.Signals | undefined;

  private receivedAt = 0;

  private readonly onSignal = (signal: NodeJS.Signals): void => {
    // `npm start` forwards the terminal's Ctrl-C to us, which got it from the terminal too.
    if (this.received !== undefined && Date.now() - this.receivedAt < ECHO_MS) return;
    if (this.graceful && this.received === undefined) {
      this.received = signal;
      this.receivedAt = Date.now();
      this.io.stderr(
        `\n${signal}: finishing the current step, then removing the demo bucket (press Ctrl-C again to quit at once)...\n`,
      );
      return;
    }
    this.io.stderr(`\n${signal}: stopping...\n`);
    void this.stopNow().finally(() => process.exit(SIGNAL_EXIT_CODES.get(signal) ?? 1));
  };

  constructor(
    private readonly io: RunnerIO,
    /** Stops whatever must not outlive the process (the embedded S3). */
    private readonly stopNow: () => Promise<void>,
  ) {
    for (const signal of SIGNAL_EXIT_CODES.keys()) process.on(signal, this.onSignal);
  }

  /** Throws Interrupted once a signal came in: called between the demo's steps. */
  check(): void {
    if (this.received !== undefined) throw new Interrupted(this.received);
  }

  dispose(): void {
    for (const signal of SIGNAL_EXIT_CODES.keys()) process.off(signal, this.onSignal);
  }
}
