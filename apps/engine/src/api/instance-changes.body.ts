import type { ActivateInstruction, MappingInstruction } from '@osprey/runtime';
import type { MigrationFilter, ModificationRequest } from '@osprey/store';
import { Body } from './body';

/**
 * Reads a modification body (Camunda 8's `activateInstructions[]`, `terminateInstructions[]`).
 * @throws ValidationError listing every problem of the top level, then of the first bad item
 */
export function readModification(raw: unknown): ModificationRequest {
  const b = new Body(raw);
  const activate = list(b, 'activateInstructions');
  const terminate = list(b, 'terminateInstructions');
  if (activate.length === 0 && terminate.length === 0) {
    b.problem(
      'activateInstructions: Expected at least one activate or terminate instruction, but found none',
    );
  }
  b.done();
  return {
    activateInstructions: activate.map((item, i) => readActivation(item, `activateInstructions[${i}]`)),
    terminateInstructions: terminate.map((item, i) => {
      const t = new Body(item, `terminateInstructions[${i}]`);
      const elementInstanceKey = t.key('elementInstanceKey', { required: true });
      t.done();
      return { elementInstanceKey: elementInstanceKey! };
    }),
  };
}

function readActivation(raw: unknown, path: string): ActivateInstruction {
  const a = new Body(raw, path);
  const elementId = a.string('elementId', { required: true });
  const ancestor = a.key('ancestorElementInstanceKey');
  const variableInstructions = list(a, 'variableInstructions');
  a.done();
  return {
    elementId,
    // Camunda clients send -1 for "no ancestor"; Body.key refuses it, so it never reaches here.
    ...(ancestor ? { ancestorElementInstanceKey: ancestor } : {}),
    variableInstructions: variableInstructions.map((item, i) => {
      const v = new Body(item, `${path}.variableInstructions[${i}]`);
      const variables = v.variables('variables') ?? {};
      const scopeId = v.string('scopeId');
      v.done();
      return scopeId ? { variables, scopeId } : { variables };
    }),
  };
}

/** Reads the migration plan fields shared by the single and the batch form. */
export function readMigrationPlan(b: Body): {
  targetProcessDefinitionKey: string;
  mappingInstructions: MappingInstruction[];
  dryRun: boolean;
} {
  const targetProcessDefinitionKey = b.key('targetProcessDefinitionKey', { required: true });
  const mappings = list(b, 'mappingInstructions');
  const dryRun = b.bool('dryRun') ?? false;
  const mappingInstructions = mappings.map((item, i) => {
    const m = new Body(item, `mappingInstructions[${i}]`);
    const sourceElementId = m.string('sourceElementId', { required: true });
    const targetElementId = m.string('targetElementId', { required: true });
    m.done();
    return { sourceElementId, targetElementId };
  });
  return { targetProcessDefinitionKey: targetProcessDefinitionKey ?? '', mappingInstructions, dryRun };
}

/** Reads a batch's `filter`: `processDefinitionKey`, or `processDefinitionId` and `processDefinitionVersion`. */
export function readMigrationFilter(b: Body): MigrationFilter {
  const f = new Body(b.raw('filter'), 'filter');
  const processDefinitionKey = f.key('processDefinitionKey');
  const processDefinitionId = f.string('processDefinitionId');
  const processDefinitionVersion = f.int('processDefinitionVersion', { min: 1 });
  const tenantId = f.string('tenantId');
  if (!processDefinitionKey && (!processDefinitionId || processDefinitionVersion === undefined)) {
    f.problem(
      'filter: Expected processDefinitionKey, or processDefinitionId and processDefinitionVersion, but found neither',
    );
  }
  f.done();
  if (processDefinitionKey) return { processDefinitionKey };
  return {
    processDefinitionId: processDefinitionId!,
    processDefinitionVersion: processDefinitionVersion!,
    ...(tenantId ? { tenantId } : {}),
  };
}

function list(b: Body, field: string): unknown[] {
  const v = b.raw(field);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    b.problem(`${field}: Expected an array, but found ${typeof v}`);
    return [];
  }
  return v;
}
