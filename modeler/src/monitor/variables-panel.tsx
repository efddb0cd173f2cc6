import { useState } from 'preact/hooks';
import { engine } from '../api/engine';
import type { ElementInstance, Variable } from '@osprey/contracts';
import { messageOf } from '../shared/format';
import { toast } from '../shared/toast';
import { useData } from '../shared/use-data';
import { Button, Dialog, ErrorNote } from '../shared/ui';

/** How often variables are re-read while the instance runs, in ms. */
const POLL_MS = 3000;

interface Editing {
  name: string;
  value: string;
  scopeKey: string;
  isNew: boolean;
}

/**
 * Variables of every scope of the instance; a running instance's variables can be changed or
 * added (`PUT /v2/element-instances/{scopeKey}/variables`, local to that scope).
 */
export function VariablesPanel({ instanceKey, editable, elements }: { instanceKey: string; editable: boolean; elements: ElementInstance[] }) {
  const vars = useData(() => engine.searchVariables({ filter: { processInstanceKey: instanceKey }, page: { limit: 1000 } }).then((p) => p.items), [instanceKey], editable ? POLL_MS : undefined);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const scopes = new Map(elements.map((e) => [e.elementInstanceKey, e.elementName ?? e.elementId]));
  const scopeName = (key: string) => (key === instanceKey ? 'instance' : (scopes.get(key) ?? key));

  async function save() {
    const e = editing!;
    let value: unknown;
    try {
      value = JSON.parse(e.value);
    } catch {
      setProblem('Expected the value to be JSON, e.g. 42, "text", true, {"a": 1}. Text needs double quotes.');
      return;
    }
    if (!e.name.trim()) {
      setProblem('Expected a variable name.');
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      await engine.setVariables(e.scopeKey, { [e.name.trim()]: value }, true);
      toast.success(`Variable ${e.name} set`);
      setEditing(null);
      vars.refresh();
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const edit = (v: Variable) => {
    setProblem(undefined);
    setEditing({ name: v.name, value: pretty(v.value), scopeKey: v.scopeKey, isNew: false });
  };

  if (vars.error) return <ErrorNote>{vars.error}</ErrorNote>;
  const list = [...(vars.data ?? [])].sort((a, b) => a.name.localeCompare(b.name) || a.scopeKey.localeCompare(b.scopeKey));
  return (
    <>
      {editable ? (
        <div class="panel-actions">
          <Button
            class="btn-small"
            onClick={() => {
              setProblem(undefined);
              setEditing({ name: '', value: '', scopeKey: instanceKey, isNew: true });
            }}
          >
            Add variable
          </Button>
        </div>
      ) : null}
      {vars.data && list.length === 0 ? <p class="hint">No variables.</p> : null}
      {list.length > 0 ? (
        <div class="table-scroll">
          <table class="table variables-table" data-testid="variables-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Value</th>
                <th>Scope</th>
                {editable ? <th aria-label="Actions" /> : null}
              </tr>
            </thead>
            <tbody>
              {list.map((v) => (
                <tr key={v.variableKey}>
                  <td class="var-name">{v.name}</td>
                  <td class="var-value">
                    <code>{v.value}</code>
                  </td>
                  <td class="var-scope">{scopeName(v.scopeKey)}</td>
                  {editable ? (
                    <td>
                      <button type="button" class="btn btn-ghost btn-small" onClick={() => edit(v)} aria-label={`Edit ${v.name}`}>
                        Edit
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Dialog
        title={editing?.isNew ? 'Add variable' : `Edit ${editing?.name ?? ''}`}
        open={editing !== null}
        onClose={() => setEditing(null)}
        footer={
          <>
            <Button onClick={() => setEditing(null)}>Cancel</Button>
            <Button variant="primary" busy={busy} onClick={save} data-testid="save-variable">
              Save
            </Button>
          </>
        }
      >
        {editing ? (
          <div class="form-stack">
            <label class="field">
              <span>Name</span>
              <input class="input" value={editing.name} readOnly={!editing.isNew} onInput={(e) => setEditing({ ...editing, name: e.currentTarget.value })} />
            </label>
            <label class="field">
              <span>Scope</span>
              <input class="input" value={scopeName(editing.scopeKey)} readOnly />
            </label>
            <label class="field">
              <span>Value (JSON)</span>
              <textarea class="input code" rows={8} value={editing.value} onInput={(e) => setEditing({ ...editing, value: e.currentTarget.value })} data-testid="variable-value" />
            </label>
            {problem ? <ErrorNote>{problem}</ErrorNote> : null}
          </div>
        ) : null}
      </Dialog>
    </>
  );
}

function pretty(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}
