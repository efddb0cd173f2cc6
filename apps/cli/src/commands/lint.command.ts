import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { BpmnSecurityError, BpmnValidationError, compileDeployment } from '@osprey/bpmn';
import type { Command } from '../command';
import { EXIT } from '../exit-codes';
import { collectFiles } from '../inputs';
import { emit, table } from '../output';

/** One problem `osprey lint` reports. */
export interface LintProblem {
  readonly file: string;
  /** The BPMN element (or form field), null for the whole document. */
  readonly elementId: string | null;
  readonly message: string;
}

/**
 * The engine's own deployment checks, offline: each BPMN file is compiled and validated exactly
 * as `POST /v2/deployments` does (`@osprey/bpmn`), each form must be JSON with a string `id`.
 */
export async function lintFile(file: string): Promise<LintProblem[]> {
  const content = readFileSync(file, 'utf8');
  const problem = (elementId: string | null, message: string) => ({ file, elementId, message });
  switch (extname(file)) {
    case '.bpmn':
    case '.xml':
      try {
        return (await compileDeployment(content)).problems.map((p) => problem(p.elementId, p.message));
      } catch (error) {
        if (error instanceof BpmnValidationError) return error.problems.map((p) => problem(p.elementId, p.message));
        if (error instanceof BpmnSecurityError) return [problem(null, error.message)];
        throw error;
      }
    case '.form':
      try {
        const schema = JSON.parse(content) as { id?: unknown };
        return typeof schema?.id === 'string' && schema.id ? [] : [problem(null, 'Expected a form with a string "id", but found none')];
      } catch (error) {
        return [problem(null, `Expected a JSON form schema, but ${(error as Error).message}`)];
      }
    default:
      return [problem(null, `Expected a .bpmn or .form file, but found '${extname(file) || file}'`)];
  }
}

export const lintCommand: Command = {
  summary: 'check BPMN and form files offline with the engine’s deployment checks',
  usage: 'osprey lint <files|folders…>',
  async run({ positionals, out }) {
    const files = collectFiles(positionals, ['.bpmn', '.form']);
    const problems: LintProblem[] = [];
    for (const file of files) problems.push(...(await lintFile(file)));
    emit(out, { files: files.length, problems }, () =>
      problems.length === 0
        ? `${files.length} file${files.length === 1 ? '' : 's'} checked, no problems`
        : `${table(problems, [
            { heading: 'file', cell: (p) => p.file },
            { heading: 'element', cell: (p) => p.elementId ?? '(document)' },
            { heading: 'problem', cell: (p) => p.message },
          ])}\n\n${problems.length} problem${problems.length === 1 ? '' : 's'} in ${new Set(problems.map((p) => p.file)).size} of ${files.length} files`,
    );
    return problems.length === 0 ? EXIT.OK : EXIT.FAILED;
  },
};
