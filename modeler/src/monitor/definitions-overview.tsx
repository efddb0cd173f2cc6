import { engine } from '../api/engine';
import type { ProcessDefinition } from '@osprey/contracts';
import { link } from '../app/router';
import { useData } from '../shared/use-data';
import { Badge, Empty, ErrorNote } from '../shared/ui';

/** How often the counts refresh, in ms. */
const POLL_MS = 5000;

interface Row extends ProcessDefinition {
  activeInstances: number;
  incidents: number;
}

/** Every deployed version with its running instances and open incidents (newest first). */
export function DefinitionsOverview() {
  const { data, error } = useData(
    async () => {
      const [defs, stats] = await Promise.all([
        engine.searchDefinitions({ sort: [{ field: 'processDefinitionId', order: 'ASC' }, { field: 'version', order: 'DESC' }], page: { limit: 1000 } }),
        engine.definitionStatistics(),
      ]);
      const byKey = new Map(stats.items.map((s) => [s.processDefinitionKey, s]));
      return defs.items.map((d): Row => ({ ...d, activeInstances: byKey.get(d.processDefinitionKey)?.activeInstances ?? 0, incidents: byKey.get(d.processDefinitionKey)?.incidents ?? 0 }));
    },
    [],
    POLL_MS,
  );
  return (
    <section class="card" aria-labelledby="definitions-title">
      <h1 id="definitions-title" class="card-title">
        Process definitions
      </h1>
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      {data && data.length === 0 ? <Empty>Nothing deployed yet.</Empty> : null}
      {data && data.length > 0 ? (
        <div class="table-scroll">
          <table class="table" data-testid="definitions-table">
            <thead>
              <tr>
                <th>Process</th>
                <th>Version</th>
                <th class="num">Running</th>
                <th class="num">Incidents</th>
              </tr>
            </thead>
            <tbody>
              {data.map((d) => (
                <tr key={d.processDefinitionKey}>
                  <td>
                    <a {...link(`/monitor/definitions/${d.processDefinitionKey}`)}>
                      <strong>{d.name ?? d.processDefinitionId}</strong>
                    </a>
                    {d.name ? <small class="muted"> {d.processDefinitionId}</small> : null}
                  </td>
                  <td>
                    v{d.version}
                    {d.versionTag ? <small class="muted"> {d.versionTag}</small> : null}
                  </td>
                  <td class="num">{d.activeInstances}</td>
                  <td class="num">{d.incidents > 0 ? <Badge tone="danger">{d.incidents}</Badge> : 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
