import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Reads a diagram of `test/fixtures/camunda8`: each is in the shape Camunda Modeler 5 saves for Camunda 8.8. */
export function camunda8(name: string): string {
  return readFileSync(join(__dirname, '../../../test/fixtures/camunda8', name), 'utf8');
}
