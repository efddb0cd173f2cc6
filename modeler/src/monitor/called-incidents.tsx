import { useMemo } from 'preact/hooks';
import { engine } from '../api/engine';
import type { Incident } from '@osprey/contracts';
import type { ElementInstance } from '@osprey/contracts';
import { link } from '../app/router';
import { useData } from '../shared/use-data';

/**
 * An element of this instance (a call activity) whose called instance, or a deeper descendant,
 * holds an open incident. The engine reports it on the element instance (`hasIncident` with the
 * descendant's `incidentKey`, ADR 0004); `incident` is that incident once read, so the page can
 * name and link the instance that holds it.
 */
export interface CalledIncident {
  element: ElementInstance;
  incident?: Incident;
}

/**
 * The active elements whose open incident is not one of the instance's own: the incident list of
 * an instance holds its own incidents only, so without this a call activity leading to a failed
 * child would look healthy.
 */
export function calledIncidentElements(elements: readonly ElementInstance[] | undefined, own: readonly Incident[] | undefined): ElementInstance[] {
  const ownKeys = new Set((own ?? []).map((i) => i.incidentKey));
  return (elements ?? []).filter((e) => e.type !== 'PROCESS' && e.state === 'ACTIVE' && e.hasIncident && e.incidentKey && !ownKeys.has(e.incidentKey));
}

/** Reads the descendants' incidents of `elements` (one get per call activity; there are few). */
export function useCalledIncidents(elements: ElementInstance[]): CalledIncident[] {
  const keys = elements.map((e) => e.incidentKey).join(',');
  const incidents = useData(
    () => Promise.all(elements.map((e) => engine.incident(e.incidentKey!).catch(() => undefined))),
    [keys],
  );
  // Memoised so the diagram's overlays are redrawn only when something changed.
  return useMemo(
    () =>
      elements.map((element, i) => {
        const incident = incidents.data?.[i];
        // An answer for an older list of elements names other incidents: show none until the new one.
        return { element, incident: incident?.incidentKey === element.incidentKey ? incident : undefined };
      }),
    [elements, incidents.data],
  );
}

/** The hint under the diagram: which called instance holds each incident, with a link to it. */
export function CalledIncidentsNote({ called }: { called: CalledIncident[] }) {
  if (called.length === 0) return null;
  return (
    <ul class="incident-list called-incidents" data-testid="called-incidents">
      {called.map(({ element, incident }) => (
        <li key={element.elementInstanceKey} class="incident open" data-element-id={element.elementId}>
          <div class="incident-head">
            <strong>{element.elementName ?? element.elementId}</strong>
            <span>
              {'incident in called instance '}
              {incident ? <a {...link(`/monitor/instances/${incident.processInstanceKey}`)}>{incident.processInstanceKey}</a> : <span class="muted">(loading…)</span>}
              {incident && incident.processDefinitionId ? <span class="muted"> ({incident.processDefinitionId})</span> : null}
            </span>
          </div>
          {incident ? <p class="incident-message">{incident.errorMessage}</p> : null}
        </li>
      ))}
    </ul>
  );
}
