import { runCli } from './run-cli';

/** `osprey …`: runs the command line and exits with its code (docs/cli.md#exit-codes). */
runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`osprey: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 70;
  },
);
