import { currentSession, isAdmin } from '../api/session';
import { link, match } from '../app/router';
import { AuditView } from './audit-view';
import { DefinitionView } from './definition-view';
import { DefinitionsOverview } from './definitions-overview';
import { InstanceList } from './instance-list';
import { InstanceView } from './instance-view';

/**
 * The operators' monitor: definitions with their running instances and open incidents, a
 * filterable instance list, a heat map per definition, and one instance in detail.
 */
export default function MonitorPage({ path }: { path: string; query: URLSearchParams }) {
  let params: Record<string, string> | null;
  if ((params = match('/monitor/instances/:key', path))) return <InstanceView key={params.key} instanceKey={params.key} />;
  if (path === '/monitor/audit') return isAdmin(currentSession()) ? <AuditView /> : <div class="page-message">The audit log is for administrators.</div>;
  if ((params = match('/monitor/definitions/:key', path))) return <DefinitionView key={params.key} definitionKey={params.key} />;
  return (
    <div class="monitor">
      {isAdmin(currentSession()) ? (
        <p class="monitor-links">
          <a {...link('/monitor/audit')}>Audit log</a>
        </p>
      ) : null}
      <DefinitionsOverview />
      <InstanceList />
    </div>
  );
}
