import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { OspreyEngine } from '@osprey/store';

/** Where the example processes live: `processes/` at the repository root. */
export function examplesDir(): string {
  return resolve(__dirname, '../../../../processes');
}

/** Deploys every `.bpmn` and `.form` in `processes/` as one deployment; returns the process ids. */
export async function deployExamples(engine: OspreyEngine, dir = examplesDir()): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const resources = readdirSync(dir)
    .filter((f) => f.endsWith('.bpmn') || f.endsWith('.form'))
    .sort()
    .map((name) => ({ name, content: readFileSync(join(dir, name)) }));
  if (resources.length === 0) return [];
  const result = await engine.deployments.deploy(resources);
  return result.processes.map((p) => `${p.definition.bpmnProcessId}@${p.definition.version}`);
}
