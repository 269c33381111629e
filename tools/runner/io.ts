/** Where the runner writes, and the two kinds of failure it reports. */

export interface RunnerIO {
  /** Results: JSON a script can pipe, and the demo's step reports. */
  stdout: (text: string) => void;
  /** Status, progress, warnings and errors. */
  stderr: (text: string) => void;
  /** True when stderr is a terminal: progress bars redraw in place only there. */
  interactive: boolean;
  /** Relative paths in flags (`@file`, `--out`) are resolved against this directory. */
  cwd: string;
}

/** The command line asks for something impossible: nothing was started or sent (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** The IO of the real process. */
export function processIO(): RunnerIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    interactive: process.stderr.isTTY === true,
    // npm runs scripts in the package's directory; INIT_CWD is where `npm start` was typed.
    cwd: process.env.INIT_CWD ?? process.cwd(),
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
