/**
 * The exit codes of `osprey`, for scripts and CI (docs/cli.md#exit-codes).
 */
export const EXIT = {
  /** Done. */
  OK: 0,
  /** The command ran and failed: lint found problems, the engine refused the request (4xx), an awaited instance did not complete. */
  FAILED: 1,
  /** The command line is wrong: unknown command or option, missing argument, unreadable file. */
  USAGE: 2,
  /** The engine could not be reached, timed out or answered 5xx. */
  UNAVAILABLE: 3,
  /** The engine refused the credential (401) or the caller may not do this (403). */
  UNAUTHORIZED: 4,
} as const;

/** An expected failure of a command: its message is printed on stderr and the process exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.FAILED,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
