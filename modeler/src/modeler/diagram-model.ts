import type Modeler from 'bpmn-js/lib/Modeler';

/**
 * Reading and changing the moddle tree of the diagram being edited, in the terms the page
 * needs: which process it is, which forms it links, and linking a form to a user task.
 */

interface ModdleElement {
  $type: string;
  id?: string;
  name?: string;
  isExecutable?: boolean;
  $parent?: ModdleElement;
  rootElements?: ModdleElement[];
  flowElements?: ModdleElement[];
  participants?: ModdleElement[];
  processRef?: ModdleElement;
  extensionElements?: ModdleElement;
  values?: ModdleElement[];
  formId?: string;
  get(name: string): unknown;
}

interface Shape {
  id: string;
  type: string;
  businessObject: ModdleElement;
}

/** The process the diagram deploys as: the first executable one (or the first one at all). */
export function mainProcess(definitions: unknown): { id: string; name?: string } | undefined {
  const roots = (definitions as ModdleElement).rootElements ?? [];
  const processes = roots.filter((e) => e.$type === 'bpmn:Process');
  const p = processes.find((e) => e.isExecutable) ?? processes[0];
  if (!p?.id) return undefined;
  const participant = roots.flatMap((r) => r.participants ?? []).find((x) => x.processRef === p);
  return { id: p.id, name: p.name ?? participant?.name };
}

/** Every `zeebe:FormDefinition formId` of the diagram's user tasks. */
export function linkedFormIds(definitions: unknown): string[] {
  const ids = new Set<string>();
  const walk = (elements: ModdleElement[] | undefined) => {
    for (const e of elements ?? []) {
      for (const v of e.extensionElements?.values ?? []) if (v.$type === 'zeebe:FormDefinition' && v.formId) ids.add(v.formId);
      walk(e.flowElements);
    }
  };
  for (const root of (definitions as ModdleElement).rootElements ?? []) walk(root.flowElements);
  return [...ids];
}

/** The selected element, when exactly one user task is selected. */
export function selectedUserTask(modeler: Modeler): Shape | undefined {
  const selected = modeler.get<{ get(): Shape[] }>('selection').get();
  return selected.length === 1 && selected[0].type === 'bpmn:UserTask' ? selected[0] : undefined;
}

/** The form a user task links to, if any. */
export function formIdOf(task: Shape): string | undefined {
  return task.businessObject.extensionElements?.values?.find((v) => v.$type === 'zeebe:FormDefinition')?.formId;
}

/**
 * Links `formId` to the user task (one undoable command): a Camunda user task
 * (`zeebe:userTask`) with `zeebe:formDefinition formId`, replacing any other form reference.
 */
export function linkForm(modeler: Modeler, task: Shape, formId: string): void {
  const moddle = modeler.get<{ create(type: string, attrs?: object): ModdleElement }>('moddle');
  const modeling = modeler.get<{
    updateModdleProperties(element: Shape, target: ModdleElement, props: object): void;
    updateProperties(element: Shape, props: object): void;
  }>('modeling');
  const bo = task.businessObject;
  const existing = bo.extensionElements;
  const ext = existing ?? moddle.create('bpmn:ExtensionElements', { values: [] });
  const values = [...(ext.values ?? [])].filter((v) => v.$type !== 'zeebe:FormDefinition');
  const form = moddle.create('zeebe:FormDefinition', { formId });
  form.$parent = ext;
  values.push(form);
  if (!values.some((v) => v.$type === 'zeebe:UserTask')) {
    const userTask = moddle.create('zeebe:UserTask');
    userTask.$parent = ext;
    values.push(userTask);
  }
  if (!existing) {
    ext.$parent = bo;
    modeling.updateProperties(task, { extensionElements: ext });
  }
  modeling.updateModdleProperties(task, ext, { values });
}
