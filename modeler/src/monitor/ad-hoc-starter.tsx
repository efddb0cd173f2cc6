import { useState } from 'preact/hooks';
import { engine } from '../api/engine';
import { messageOf } from '../shared/format';
import { toast } from '../shared/toast';
import { Button } from '../shared/ui';
import type { FlowNode } from './diagram-elements';

interface Props {
  /** The active ad-hoc sub-process instance. */
  instanceKey: string;
  /** Its inner elements that may be started. */
  activities: FlowNode[];
  onStarted?: () => void;
}

/**
 * Starts an inner element of an active ad-hoc sub-process, as Operate and Camunda's
 * `ad-hoc-activities` endpoint let an operator do when no agent or rule decides.
 */
export function AdHocStarter({ instanceKey, activities, onStarted }: Props) {
  const [busy, setBusy] = useState(false);

  async function start(activity: FlowNode) {
    setBusy(true);
    try {
      await engine.activateAdHocElements(instanceKey, [activity.id]);
      toast.success(`Started ${activity.name}`);
      onStarted?.();
    } catch (e) {
      toast.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="ad-hoc-starter" data-testid="ad-hoc-starter">
      <p class="hint">Start an inner activity of this ad-hoc sub-process:</p>
      <div class="toolbar-actions">
        {activities.map((a) => (
          <Button key={a.id} class="btn-small" disabled={busy} onClick={() => void start(a)} data-testid={`start-ad-hoc-${a.id}`}>
            Start {a.name}
          </Button>
        ))}
      </div>
    </div>
  );
}
