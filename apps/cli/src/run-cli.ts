import { parseArgs } from 'node:util';
import { OspreyApiError, OspreyClient, OspreyConnectionError, TokenRequestError } from '@osprey/client';
import type { Command, CommandGroup, OptionSpec } from './command';
import { COMMANDS } from './commands';
import { connect } from './connection';
import { CliError, EXIT } from './exit-codes';
import { processOutput, type Output } from './output';

/** Options every command takes. */
const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  url: { type: 'string', help: 'the engine (default: OSPREY_URL, else http://localhost:8080)' },
  'api-key': { type: 'string', help: 'API key (default: OSPREY_API_KEY, OIDC client credentials from OSPREY_OIDC_*, OSPREY_TOKEN, or the development key in .osprey/dev-api-key)' },
  json: { type: 'boolean', help: 'print results as JSON for scripts' },
  help: { type: 'boolean', short: 'h', help: 'show help' },
};

const isGroup = (c: Command | CommandGroup): c is CommandGroup => 'subcommands' in c;

/**
 * Runs `osprey <argv…>` and resolves with the exit code. Results go to stdout, messages and
 * errors to stderr.
 */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const words = commandWords(argv);
  const top = words[0] === undefined ? undefined : COMMANDS[words[0].value];
  const json = argv.includes('--json');
  const out = processOutput(json);
  if (!top) {
    if (words[0] !== undefined) out.note(`Unknown command '${words[0].value}'.\n`);
    out[words[0] === undefined && argv.some((a) => a === '--help' || a === '-h') ? 'line' : 'note'](overview());
    return words[0] === undefined && argv.some((a) => a === '--help' || a === '-h') ? EXIT.OK : EXIT.USAGE;
  }
  let command: Command;
  let consumed = [words[0]!.index];
  if (isGroup(top)) {
    const sub = words[1] === undefined ? undefined : top.subcommands[words[1].value];
    if (!sub) {
      if (words[1] !== undefined) out.note(`Unknown command '${words[0]!.value} ${words[1].value}'.\n`);
      out.note(groupHelp(words[0]!.value, top));
      return argv.includes('--help') || argv.includes('-h') ? EXIT.OK : EXIT.USAGE;
    }
    command = sub;
    consumed = [...consumed, words[1]!.index];
  } else {
    command = top;
  }
  const rest = argv.filter((_, i) => !consumed.includes(i));
  const options = { ...GLOBAL_OPTIONS, ...command.options };
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: Object.fromEntries(Object.entries(options).map(([k, o]) => [k, { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) }])), allowPositionals: true, strict: true });
  } catch (error) {
    out.note(`${(error as Error).message}\nUsage: ${command.usage}`);
    return EXIT.USAGE;
  }
  if (parsed.values.help) {
    out.line(commandHelp(command));
    return EXIT.OK;
  }
  let client: OspreyClient | undefined;
  try {
    const code = await command.run({
      positionals: parsed.positionals,
      values: parsed.values,
      out,
      client: () => (client ??= connect({ url: parsed.values.url as string | undefined, apiKey: parsed.values['api-key'] as string | undefined }, env)),
    });
    return code ?? EXIT.OK;
  } catch (error) {
    return report(error, out);
  }
}

/** Prints an error for a person (or as JSON with `--json`) and picks its exit code. */
function report(error: unknown, out: Output): number {
  let code: number;
  let message: string;
  let problem: unknown;
  if (error instanceof CliError) {
    code = error.exitCode;
    message = error.message;
  } else if (error instanceof OspreyApiError) {
    const status = error.status;
    code = status === 401 || status === 403 ? EXIT.UNAUTHORIZED : status >= 500 ? EXIT.UNAVAILABLE : EXIT.FAILED;
    problem = error.problem;
    const errors = error.problem.errors?.length ? `\n  - ${error.problem.errors.join('\n  - ')}` : '';
    const hint = status === 401 ? '\nGive a credential: --api-key, OSPREY_API_KEY or OSPREY_OIDC_* (docs/cli.md#configuration).' : '';
    message = `${error.problem.title} (${status}): ${error.problem.detail}${errors}${hint}`;
  } else if (error instanceof OspreyConnectionError) {
    code = EXIT.UNAVAILABLE;
    message = error.message;
  } else if (error instanceof TokenRequestError) {
    code = EXIT.UNAUTHORIZED;
    message = error.message;
  } else {
    throw error;
  }
  if (out.json) out.line(JSON.stringify({ error: message, exitCode: code, ...(problem ? { problem } : {}) }, null, 2));
  out.note(`osprey: ${message}`);
  return code;
}

/** The words of argv that name the command (not options, nor the values of string options), with their indexes. */
function commandWords(argv: readonly string[]): { value: string; index: number }[] {
  const words: { value: string; index: number }[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i += 1) {
    const arg = argv[i]!;
    if (arg === '--url' || arg === '--api-key') i += 1;
    else if (!arg.startsWith('-')) words.push({ value: arg, index: i });
    if (words.length === 1 && !isGroup(COMMANDS[words[0]!.value] ?? { summary: '', usage: '', run: async () => 0 })) break;
  }
  return words;
}

function overview(): string {
  const lines = Object.entries(COMMANDS).flatMap(([name, c]) =>
    isGroup(c) ? Object.entries(c.subcommands).map(([sub, s]) => `  ${`${name} ${sub}`.padEnd(20)} ${s.summary}`) : [`  ${name.padEnd(20)} ${c.summary}`],
  );
  return ['Usage: osprey <command> [options]', '', 'Commands:', ...lines, '', 'Options for every command:', ...optionLines(GLOBAL_OPTIONS), '', 'osprey <command> --help shows a command’s options. Exit codes: 0 done, 1 failed, 2 usage, 3 engine unavailable, 4 not authorized.'].join('\n');
}

function groupHelp(name: string, group: CommandGroup): string {
  return [`osprey ${name}: ${group.summary}`, '', ...Object.values(group.subcommands).map((s) => `  ${s.usage}\n      ${s.summary}`)].join('\n');
}

function commandHelp(command: Command): string {
  return [`Usage: ${command.usage}`, '', command.summary, '', 'Options:', ...optionLines({ ...command.options, ...GLOBAL_OPTIONS })].join('\n');
}

function optionLines(options: Record<string, OptionSpec>): string[] {
  return Object.entries(options).map(([name, o]) => `  ${`--${name}${o.type === 'string' ? ' VALUE' : ''}`.padEnd(22)} ${o.help}`);
}
