import { engine } from '../api/engine';
import type { Incident } from '@osprey/contracts';
import type { ElementInstance } from '@osprey/contracts';
import { link } from '../app/router';
import { formatDate, shortJson } from '../shared/format';
import { useData } from '../shared/use-data';
import { Badge, Button, Empty, ErrorNote } from '../shared/ui';
import { StateBadge } from './instance-list';
import { AdHocStarter } from './ad-hoc-starter';
import type { FlowNode } from './diagram-elements';

/** What one element instance holds: its local variables, its job, the instance it called. */
async function loadDetails(instances: ElementInstance[]) {
  const keys = instances.map((e) => e.elementInstanceKey);
  if (keys.length === 0) return { variables: [], jobs: [], called: [] };
  const [variables, jobs, called] = await Promise.all([
    engine.searchVariables({ filter: { scopeKey: { $in: keys } }, page: { limit: 1000 } }),
    engine.searchJobs({ filter: { elementInstanceKey: { $in: keys } }, page: { limit: 200 } }),
    engine.searchInstances({ filter: { parentElementInstanceKey: { $in: keys } }, page: { limit: 200 } }),
  ]);
  return { variables: variables.items, jobs: jobs.items, called: called.items };
}

interface Props {
  elementId: string;
  name: string;
  /** This instance's element instances (all elements); the panel picks those of `elementId`. */
  elements: ElementInstance[];
  incidents: Incident[];
  onRetry: (incident: Incident) => void;
  onClose: () => void;
  /** For an ad-hoc sub-process: the inner elements an operator may start. */
  adHocActivities?: FlowNode[];
  /** Called after an inner element of an ad-hoc sub-process was started. */
  onChanged?: () => void;
}

/**
 * The instances of one element in this process instance, as Operate shows them: state, start and
 * end, the variables in their scope, their job and its retries, their incidents (retry from
 * here) and the instance a call activity started.
 */
export function ElementDetails({ elementId, name, elements, incidents, onRetry, onClose, adHocActivities = [], onChanged }: Props) {
  const mine = elements.filter((e) => e.elementId === elementId).sort((a, b) => a.startDate.localeCompare(b.startDate));
  // Reloaded when an element instance or an incident changes (a retry gives the job retries).
  const changes = [...mine.map((e) => `${e.elementInstanceKey}:${e.state}`), ...incidents.map((i) => `${i.incidentKey}:${i.state}`)].join(',');
  const details = useData(() => loadDetails(mine), [changes]);
  const d = details.data;
  return (
    <section class="card element-details" aria-labelledby="element-details-title" data-testid="element-details">
      <header class="card-head">
        <h2 id="element-details-title" class="card-title">
          {name} <span class="muted">{elementId}</span>
        </h2>
        <Button variant="ghost" class="btn-small" onClick={onClose}>
          Close
        </Button>
      </header>
      {mine.length === 0 ? <Empty>This element has not run in this instance.</Empty> : null}
      {details.error ? <ErrorNote>{details.error}</ErrorNote> : null}
      {mine.map((e) => {
        const own = incidents.filter((i) => i.elementInstanceKey === e.elementInstanceKey);
        const vars = (d?.variables ?? []).filter((v) => v.scopeKey === e.elementInstanceKey);
        const jobs = (d?.jobs ?? []).filter((j) => j.elementId === e.elementId && j.elementInstanceKey === e.elementInstanceKey);
        const called = (d?.called ?? []).filter((c) => c.parentElementInstanceKey === e.elementInstanceKey);
        return (
          <article key={e.elementInstanceKey} class="element-instance" data-element-instance-key={e.elementInstanceKey}>
            <p class="instance-facts">
              <StateBadge state={e.state} /> {own.some((i) => i.state === 'ACTIVE') ? <Badge tone="danger">incident</Badge> : null} <code>{e.elementInstanceKey}</code> · started{' '}
              {formatDate(e.startDate)}
              {e.endDate ? ` · ended ${formatDate(e.endDate)}` : ''}
            </p>
            {e.state === 'ACTIVE' && adHocActivities.length > 0 ? (
              <AdHocStarter instanceKey={e.elementInstanceKey} activities={adHocActivities} onStarted={onChanged} />
            ) : null}
            {jobs.map((j) => (
              <p key={j.jobKey} class="hint" data-testid="element-job">
                Job <code>{j.jobKey}</code> of type <strong>{j.type}</strong>: {j.state.toLowerCase().replace('_', ' ')}, {j.retries} retr{j.retries === 1 ? 'y' : 'ies'} left
                {j.errorMessage ? ` — ${j.errorMessage}` : ''}
              </p>
            ))}
            {called.map((c) => (
              <p key={c.processInstanceKey} class="hint">
                Called instance <a {...link(`/monitor/instances/${c.processInstanceKey}`)}>{c.processInstanceKey}</a> ({c.processDefinitionId} v{c.processDefinitionVersion}, {c.state.toLowerCase()})
              </p>
            ))}
            {own.map((i) => (
              <div key={i.incidentKey} class="incident open">
                <p class="incident-message">
                  <Badge tone={i.state === 'ACTIVE' ? 'danger' : 'neutral'}>{i.state.toLowerCase()}</Badge> {i.errorType}: {i.errorMessage}
                </p>
                {i.state === 'ACTIVE' ? (
                  <Button variant="primary" class="btn-small" onClick={() => onRetry(i)} data-testid="element-retry">
                    Retry…
                  </Button>
                ) : null}
              </div>
            ))}
            {vars.length > 0 ? (
              <table class="table compact" aria-label={`Variables of ${e.elementInstanceKey}`}>
                <thead>
                  <tr>
                    <th>Variable in scope</th>
                    <th>Value</th>
                  </tr>
                </thead>
                <tbody>
                  {vars.map((v) => (
                    <tr key={v.variableKey}>
                      <td>{v.name}</td>
                      <td>
                        <code>{shortJson(v.value)}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : d ? (
              <p class="hint">No variables in this element's own scope.</p>
            ) : null}
          </article>
        );
      })}
    </section>
  );
}
