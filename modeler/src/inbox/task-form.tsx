import { useEffect, useImperativeHandle, useRef, useState } from 'preact/hooks';
import type { Ref } from 'preact';
import { Form } from '@bpmn-io/form-js-viewer';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import { messageOf } from '../shared/format';
import { ErrorNote } from '../shared/ui';

/** What the task page asks of the rendered form. */
export interface TaskFormHandle {
  /** Validates; returns the entered data, or null when a field is invalid (the form shows which). */
  submit(): Record<string, unknown> | null;
}

/**
 * A deployed form-js form, filled with the instance's variables. Read-only until the task is
 * assigned to the user. Validation (required fields, patterns, ranges) is the form's own.
 */
/** `schema`: the form-js schema, as an object (a task's form) or as JSON text (a start form or a draft's). */
export function TaskForm({ schema, data, readOnly, handle }: { schema: string | object; data: Record<string, unknown>; readOnly: boolean; handle: Ref<TaskFormHandle> }) {
  const host = useRef<HTMLDivElement>(null);
  const form = useRef<Form | null>(null);
  const [error, setError] = useState<string>();
  const dataRef = useRef(data);
  dataRef.current = data;

  useEffect(() => {
    // Every keystroke goes to the form's state at once: with form-js's default 300 ms debounce,
    // a value typed just before ticking a checkbox or pressing Complete can be lost.
    const f = new Form({ container: host.current!, debounce: false } as ConstructorParameters<typeof Form>[0]);
    form.current = f;
    let parsed: object;
    try {
      parsed = typeof schema === 'string' ? (JSON.parse(schema) as object) : schema;
    } catch (e) {
      setError(`The task's form is not valid JSON: ${messageOf(e)}`);
      return () => f.destroy();
    }
    f.importSchema(parsed, dataRef.current).then(
      () => f.setProperty('readOnly', readOnly),
      (e: unknown) => setError(`The task's form cannot be shown: ${messageOf(e)}`),
    );
    return () => {
      f.destroy();
      form.current = null;
    };
  }, [schema]);

  useEffect(() => {
    form.current?.setProperty('readOnly', readOnly);
  }, [readOnly]);

  useImperativeHandle(handle, () => ({
    submit() {
      const f = form.current;
      if (!f) return null;
      const { data: entered, errors } = f.submit();
      return Object.keys(errors).length > 0 ? null : (entered as Record<string, unknown>);
    },
  }));

  return (
    <div class="task-form">
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      <div ref={host} data-testid="task-form" />
    </div>
  );
}
