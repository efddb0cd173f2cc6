import { useState } from 'preact/hooks';
import { engine } from '../api/engine';
import type { ElementInstance } from '@osprey/contracts';
import { messageOf } from '../shared/format';
import { toast } from '../shared/toast';
import { Button, Dialog, ErrorNote } from '../shared/ui';
import type { FlowNode } from './diagram-elements';

/** What happens to one active token: it stays, is cancelled, or moves to another element. */
type TokenAction = { kind: 'keep' } | { kind: 'cancel' } | { kind: 'move'; to: string };

interface Props {
  instanceKey: string;
  /** The instance's element instances; the active ones (not the process) are its tokens. */
  elements: ElementInstance[];
  nodes: FlowNode[];
  onClose: () => void;
  onDone: () => void;
}

/**
 * Instance modification, as Operate offers it: move a token to another element, cancel it, or
 * add a token anywhere. The planned changes are listed before they are applied in one command.
 */
export function ModifyDialog({ instanceKey, elements, nodes, onClose, onDone }: Props) {
  const tokens = elements.filter((e) => e.state === 'ACTIVE' && e.type !== 'PROCESS' && e.type !== 'SUB_PROCESS' && e.type !== 'MULTI_INSTANCE_BODY');
  const [actions, setActions] = useState<Record<string, TokenAction>>({});
  const [adds, setAdds] = useState<string[]>([]);
  const [addAt, setAddAt] = useState(nodes[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const name = (id: string) => nodes.find((n) => n.id === id)?.name ?? id;

  const terminate = tokens.filter((t) => (actions[t.elementInstanceKey]?.kind ?? 'keep') !== 'keep').map((t) => t.elementInstanceKey);
  const activate = [...tokens.flatMap((t) => (actions[t.elementInstanceKey]?.kind === 'move' ? [(actions[t.elementInstanceKey] as { to: string }).to] : [])), ...adds];
  const plan = [
    ...tokens.flatMap((t) => {
      const a = actions[t.elementInstanceKey];
      if (a?.kind === 'cancel') return [`Cancel the token at ${name(t.elementId)}`];
      if (a?.kind === 'move') return [`Move the token at ${name(t.elementId)} to ${name(a.to)}`];
      return [];
    }),
    ...adds.map((id) => `Add a token at ${name(id)}`),
  ];

  async function apply() {
    setBusy(true);
    setError(undefined);
    try {
      await engine.modifyInstance(instanceKey, { activateInstructions: activate.map((elementId) => ({ elementId })), terminateInstructions: terminate.map((elementInstanceKey) => ({ elementInstanceKey })) });
      toast.success(`Instance ${instanceKey} modified: ${plan.length} change${plan.length === 1 ? '' : 's'}`);
      onDone();
      onClose();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  const set = (key: string, value: string) =>
    setActions({ ...actions, [key]: value === 'keep' ? { kind: 'keep' } : value === 'cancel' ? { kind: 'cancel' } : { kind: 'move', to: value.slice('move:'.length) } });

  return (
    <Dialog
      title={`Modify instance ${instanceKey}`}
      open
      wide
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={busy} disabled={plan.length === 0} onClick={apply} data-testid="confirm-modification">
            Apply {plan.length || ''} change{plan.length === 1 ? '' : 's'}
          </Button>
        </>
      }
    >
      <h3 class="section-title">Active tokens</h3>
      {tokens.length === 0 ? <p class="hint">No token is waiting in this instance.</p> : null}
      <table class="table compact">
        <tbody>
          {tokens.map((t) => {
            const a = actions[t.elementInstanceKey];
            const value = !a || a.kind === 'keep' ? 'keep' : a.kind === 'cancel' ? 'cancel' : `move:${a.to}`;
            return (
              <tr key={t.elementInstanceKey}>
                <td>
                  {name(t.elementId)} <code class="muted">{t.elementInstanceKey}</code>
                </td>
                <td>
                  <select class="input" aria-label={`What happens to the token at ${name(t.elementId)}`} value={value} onChange={(e) => set(t.elementInstanceKey, e.currentTarget.value)} data-testid={`token-${t.elementId}`}>
                    <option value="keep">keep</option>
                    <option value="cancel">cancel</option>
                    {nodes
                      .filter((n) => n.id !== t.elementId)
                      .map((n) => (
                        <option key={n.id} value={`move:${n.id}`}>
                          move to {n.name}
                        </option>
                      ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3 class="section-title">Add a token</h3>
      <div class="inline-form">
        <select class="input" aria-label="Element to add a token at" value={addAt} onChange={(e) => setAddAt(e.currentTarget.value)} data-testid="add-token-at">
          {nodes.map((n) => (
            <option key={n.id} value={n.id}>
              {n.name}
            </option>
          ))}
        </select>
        <Button onClick={() => addAt && setAdds([...adds, addAt])} data-testid="add-token">
          Add
        </Button>
      </div>
      <h3 class="section-title">Planned changes</h3>
      {plan.length === 0 ? (
        <p class="hint">Nothing yet.</p>
      ) : (
        <ol data-testid="modification-plan">
          {plan.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ol>
      )}
      {error ? <ErrorNote>{error}</ErrorNote> : null}
    </Dialog>
  );
}
