import { useEffect, useRef, useState } from 'preact/hooks';
import { FormEditor } from '@bpmn-io/form-js-editor';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import '@bpmn-io/form-js-editor/dist/assets/form-js-editor.css';
import '@bpmn-io/form-js-editor/dist/assets/dragula.css';
import '@bpmn-io/form-js-editor/dist/assets/properties-panel.css';
import { TaskForm, type TaskFormHandle } from '../inbox/task-form';
import { messageOf } from '../shared/format';
import { Button, Dialog, ErrorNote } from '../shared/ui';
import { newFormSchema } from './new-diagram';

interface Props {
  taskName: string;
  formId: string;
  /** The form's schema as JSON text, or undefined for a new form. */
  schema: string | undefined;
  onClose: () => void;
  /** Called with the edited schema (JSON text, its `id` = `formId`). */
  onApply: (schema: string) => void;
}

/**
 * The form-js editor for one user task's form. The form is deployed with the process as
 * `<formId>.form` and the task links to it with `zeebe:formDefinition formId`.
 */
export function FormEditorDialog({ taskName, formId, schema, onClose, onApply }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<FormEditor | null>(null);
  const [error, setError] = useState<string>();
  /** The schema shown as a person will fill it in, or null while editing. */
  const [preview, setPreview] = useState<string | null>(null);
  const [checked, setChecked] = useState<string>();
  const previewHandle = useRef<TaskFormHandle>(null);

  useEffect(() => {
    if (!host.current) return undefined;
    const e = new FormEditor({ container: host.current });
    editor.current = e;
    let initial: Record<string, unknown>;
    try {
      initial = schema ? (JSON.parse(schema) as Record<string, unknown>) : newFormSchema(formId);
    } catch {
      initial = newFormSchema(formId);
    }
    e.importSchema({ ...initial, id: formId }).catch((err: unknown) => setError(`The form cannot be opened: ${messageOf(err)}`));
    return () => {
      e.destroy();
      editor.current = null;
    };
  }, [formId, schema]);

  function apply() {
    const e = editor.current;
    if (!e) return;
    const saved = { ...(e.saveSchema() as Record<string, unknown>), id: formId };
    onApply(JSON.stringify(saved, null, 2));
  }

  return (
    <Dialog
      title={`Form of “${taskName}”`}
      open
      onClose={onClose}
      wide
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            onClick={() => {
              setChecked(undefined);
              setPreview(preview === null && editor.current ? JSON.stringify(editor.current.saveSchema()) : null);
            }}
            aria-pressed={preview !== null}
            data-testid="preview-form"
          >
            {preview === null ? 'Preview' : 'Back to editing'}
          </Button>
          <Button variant="primary" onClick={apply} data-testid="apply-form">
            Apply to task
          </Button>
        </>
      }
    >
      <div class="form-editor">
        <p class="hint">
          Form id <code>{formId}</code> — drag fields from the left into the form; on the right, set each field's key (the variable it fills) and its validation.
        </p>
        {error ? <ErrorNote>{error}</ErrorNote> : null}
        {/* The editor stays alive under the preview, so nothing edited is lost. */}
        <div class="form-editor-host" ref={host} data-testid="form-editor" hidden={preview !== null} />
        {preview !== null ? (
          <div class="form-preview" data-testid="form-preview">
            <TaskForm schema={preview} data={{}} readOnly={false} handle={previewHandle} />
            <Button onClick={() => setChecked(previewHandle.current?.submit() ? 'Every field is valid; the task would complete with these values.' : 'Some fields need attention.')} data-testid="check-preview">
              Try the validation
            </Button>
            {checked ? <p class="hint">{checked}</p> : null}
          </div>
        ) : null}
      </div>
    </Dialog>
  );
}
