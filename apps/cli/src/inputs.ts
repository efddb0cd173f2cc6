import type { Variables } from '@osprey/client';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { CliError, EXIT } from './exit-codes';

/**
 * Variables from `--vars`: a JSON object, or `@path` to a file holding one.
 * @throws CliError (usage) when the text or the file is not a JSON object
 */
export function readVariables(value: string | undefined, option = '--vars'): Variables | undefined {
  if (value === undefined) return undefined;
  let text = value;
  if (value.startsWith('@')) {
    try {
      text = readFileSync(value.slice(1), 'utf8');
    } catch (error) {
      throw new CliError(`${option}: Expected a readable file, but ${value.slice(1)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, EXIT.USAGE);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${option}: Expected a JSON object, but ${(error as Error).message}`, EXIT.USAGE);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CliError(`${option}: Expected a JSON object, but found ${Array.isArray(parsed) ? 'an array' : JSON.stringify(parsed)}`, EXIT.USAGE);
  return parsed as Variables;
}

/** A whole number from an option. @throws CliError (usage) otherwise */
export function readInt(value: string | undefined, option: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new CliError(`${option}: Expected an integer of at least ${min}, but found '${value}'`, EXIT.USAGE);
  return n;
}

/** One required positional. @throws CliError (usage) naming it when missing */
export function required(positionals: readonly string[], index: number, name: string, usage: string): string {
  const value = positionals[index];
  if (value === undefined || value === '') throw new CliError(`Expected ${name}, but it is missing.\nUsage: ${usage}`, EXIT.USAGE);
  return value;
}

/**
 * The files named on the command line, folders walked recursively (sorted, hidden entries
 * skipped), keeping those with one of `extensions`. A named file with another extension is
 * kept too, so the caller can report it.
 * @throws CliError (usage) for a path that does not exist, or when nothing is found
 */
export function collectFiles(paths: readonly string[], extensions: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (extensions.includes(extname(name))) files.push(path);
    }
  };
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new CliError(`Expected a file or folder, but '${path}' does not exist`, EXIT.USAGE);
    }
    if (stat.isDirectory()) walk(path);
    else files.push(path);
  }
  if (files.length === 0) throw new CliError(`Expected ${extensions.join(', ')} files in ${paths.join(', ') || '(no paths given)'}, but found none`, EXIT.USAGE);
  return files;
}
