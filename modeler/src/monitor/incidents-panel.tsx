import { useState } from 'preact/hooks';
import { engine } from '../api/engine';
import type { Incident } from '@osprey/contracts';
import { formatDate, messageOf } from '../shared/format';
import { toast } from '../shared/toast';
import { Badge, Button, Dialog, Empty, ErrorNote } from '../shared/ui';

/** An open incident on the same element of the same instance other than `inc`, if any. */
async function raisedAgain(inc: Incident): Promise<Incident | undefined> {
  const { items } = await engine.searchIncidents({ filter: { processInstanceKey: inc.processInstanceKey, elementId: inc.elementId, state: 'ACTIVE' }, page: { limit: 5 } });
  return items.find((i) => i.incidentKey !== inc.incidentKey);
}

/**
 * Retries one incident: new retries for its job (when it has one), then resolution, so the engine
 * runs the step again; says so when the step fails again at once.
 */
export function RetryDialog({ incident, elementName, onClose, onResolved }: { incident: Incident | null; elementName: string; onClose: () => void; onResolved: () => void }) {
  const [retries, setRetries] = useState(1);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  async function retry() {
    const inc = incident!;
    setBusy(true);
    setProblem(undefined);
    try {
      if (inc.jobKey) await engine.updateJobRetries(inc.jobKey, retries);
      await engine.resolveIncident(inc.incidentKey);
      // A step without a job (an expression, say) runs again inside the resolution itself: when
      // its cause is still there, the new incident is already open when the answer arrives.
      const again = await raisedAgain(inc);
      if (again) toast.error(`The step ${elementName} failed again at once: ${again.errorMessage ?? again.errorType}`);
      else toast.success(inc.jobKey ? `Incident on ${elementName} resolved; the job can be worked again` : `Incident on ${elementName} resolved; the step ran again`);
      setRetries(1);
      onClose();
      onResolved();
    } catch (e) {
      setProblem(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      title="Retry"
      open={incident !== null}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={busy} onClick={retry} data-testid="confirm-retry">
            Retry
          </Button>
        </>
      }
    >
      {incident?.jobKey ? (
        <label class="field">
          <span>Retries for job {incident.jobKey}</span>
          <input class="input" type="number" min={1} max={100} value={retries} onInput={(e) => setRetries(Math.max(1, Number(e.currentTarget.value) || 1))} data-testid="retries" />
        </label>
      ) : (
        <p>The engine evaluates the failed step again. Fix its cause first (for example set the missing variable).</p>
      )}
      {problem ? <ErrorNote>{problem}</ErrorNote> : null}
    </Dialog>
  );
}

/** The instance's incidents, each with Retry…. */
export function IncidentsPanel({ incidents, error, elementNames, onRetry }: { incidents: Incident[] | undefined; error?: string; elementNames: Map<string, string>; onRetry: (incident: Incident) => void }) {
  if (error) return <ErrorNote>{error}</ErrorNote>;
  if (!incidents) return <p class="hint">Loading incidents…</p>;
  if (incidents.length === 0) return <Empty>No incidents.</Empty>;
  return (
    <ul class="incident-list" data-testid="incident-list">
      {incidents.map((inc) => (
        <li key={inc.incidentKey} class={`incident ${inc.state === 'ACTIVE' ? 'open' : 'resolved'}`}>
          <div class="incident-head">
            <Badge tone={inc.state === 'ACTIVE' ? 'danger' : 'neutral'}>{inc.state.toLowerCase()}</Badge>
            <strong>{elementNames.get(inc.elementId) ?? inc.elementId}</strong>
            <span class="muted">{inc.errorType}</span>
            <span class="muted">{formatDate(inc.creationTime)}</span>
          </div>
          <p class="incident-message">{inc.errorMessage}</p>
          {inc.state === 'ACTIVE' ? (
            <Button variant="primary" class="btn-small" onClick={() => onRetry(inc)} data-testid="retry-incident">
              Retry…
            </Button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
