import { useRef, useState } from 'preact/hooks';
import { engine } from '../api/engine';
import type { ProcessDefinition } from '@osprey/contracts';
import { navigate } from '../app/router';
import type { TaskFormHandle } from '../inbox/task-form';
import { LazyTaskForm as TaskForm } from '../shared/lazy-parts';
import { messageOf } from '../shared/format';
import { toast } from '../shared/toast';
import { useData } from '../shared/use-data';
import { Button, Dialog, ErrorNote } from '../shared/ui';
import { parseVariables, startFormId } from './start-form';

type StartForm = { kind: 'form'; formId: string; schema: string } | { kind: 'json' };

/** What the start event asks for: its linked form, or free JSON variables. */
async function loadStartForm(definition: ProcessDefinition): Promise<StartForm> {
  const formId = startFormId(await engine.definitionXml(definition.processDefinitionKey));
  if (!formId) return { kind: 'json' };
  const form = await engine.latestForm(formId, definition.tenantId);
  return { kind: 'form', formId, schema: form.schema };
}

/**
 * Starts an instance of one deployed version. A start event that links a form
 * (`zeebe:formDefinition`) shows that form and starts with its values; otherwise a JSON editor
 * takes the variables, checked as you type. The engine decides whether the user may start the
 * process (`starter` rights, tenants); its refusal is shown here. The new instance opens in the
 * monitor.
 */
export function StartDialog({ definition, onClose }: { definition: ProcessDefinition; onClose: () => void }) {
  const form = useData(() => loadStartForm(definition), [definition.processDefinitionKey]);
  const handle = useRef<TaskFormHandle>(null);
  const [json, setJson] = useState('{\n  \n}');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const parsed = parseVariables(json);
  const problem = 'problem' in parsed ? parsed.problem : undefined;
  const title = `Start ${definition.name || definition.processDefinitionId}`;

  async function start() {
    let variables: Record<string, unknown>;
    if (form.data?.kind === 'form') {
      const entered = handle.current?.submit();
      if (!entered) return setError('Some fields need attention.');
      variables = entered;
    } else {
      if (!('variables' in parsed)) return;
      variables = parsed.variables;
    }
    setBusy(true);
    setError(undefined);
    try {
      const started = await engine.startInstance(definition.processDefinitionKey, variables);
      toast.success(`Started ${definition.processDefinitionId} — instance ${started.processInstanceKey}`);
      onClose();
      navigate(`/monitor/instances/${started.processInstanceKey}`);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={title}
      open
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={busy} disabled={!form.data || (form.data.kind === 'json' && Boolean(problem))} onClick={start} data-testid="confirm-start">
            Start instance
          </Button>
        </>
      }
    >
      <p class="hint">
        Version {definition.version} of <code>{definition.processDefinitionId}</code>
        {definition.tenantId && definition.tenantId !== '<default>' ? ` in tenant ${definition.tenantId}` : ''}.
      </p>
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      {form.error ? <ErrorNote>The start form cannot be loaded: {form.error}</ErrorNote> : null}
      {!form.data && !form.error ? <p class="hint">Loading the start form…</p> : null}
      {form.data?.kind === 'form' ? <TaskForm schema={form.data.schema} data={{}} readOnly={false} handle={handle} /> : null}
      {form.data?.kind === 'json' ? (
        <label class="field">
          <span>Variables (a JSON object)</span>
          <textarea
            class="input json-editor"
            rows={8}
            spellcheck={false}
            value={json}
            aria-invalid={problem ? 'true' : undefined}
            aria-describedby="start-json-problem"
            data-testid="start-variables"
            onInput={(e) => setJson(e.currentTarget.value)}
          />
          <span id="start-json-problem" class={problem ? 'text-danger' : 'hint'} data-testid="start-variables-problem">
            {problem ?? 'The process has no start form: these become the instance’s variables.'}
          </span>
        </label>
      ) : null}
    </Dialog>
  );
}
