import type { OspreyClient } from '@osprey/client';
import type { Output } from './output';

/** An option of a command, as `node:util` `parseArgs` takes it, with its help text. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly short?: string;
  /** One line for `--help`. */
  readonly help: string;
}

/** What a command gets: its positionals and options, where to write, and the engine (created on first use). */
export interface CommandInput {
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly out: Output;
  readonly client: () => OspreyClient;
}

/** One `osprey` command (or sub-command). */
export interface Command {
  /** One line for the command list. */
  readonly summary: string;
  /** The synopsis, e.g. `osprey start <processId> [--vars JSON|@file] [--await]`. */
  readonly usage: string;
  readonly options?: Readonly<Record<string, OptionSpec>>;
  /** The exit code; nothing = 0. @throws CliError for expected failures */
  run(input: CommandInput): Promise<number | void>;
}

/** A command with sub-commands: `osprey instances list`. */
export interface CommandGroup {
  readonly summary: string;
  readonly subcommands: Readonly<Record<string, Command>>;
}
