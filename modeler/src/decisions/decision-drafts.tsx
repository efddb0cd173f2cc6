import { engine } from '../api/engine';
import { useTenantState } from '../app/tenant-picker';
import { formatDate } from '../shared/format';
import { ErrorNote } from '../shared/ui';
import { useData } from '../shared/use-data';

/**
 * The decision files saved as drafts (DMN drafts only; the process modeler lists its own), of the
 * tenant chosen in the header. `reloadToken` changes after a save or deployment.
 */
export function DecisionDrafts({ reloadToken, onOpen }: { reloadToken: number; onOpen: (draftId: string) => void }) {
  const { chosen: tenant } = useTenantState();
  const drafts = useData(async () => (await engine.searchDrafts('dmn')).items.filter((d) => !tenant || d.tenantId === tenant), [reloadToken, tenant]);
  if (drafts.error) return <ErrorNote>{drafts.error}</ErrorNote>;
  if (!drafts.data?.length) return null;
  return (
    <>
      <div class="process-list-head">
        <strong>Drafts</strong>
      </div>
      <ul class="process-list-items" data-testid="dmn-drafts">
        {drafts.data.map((d) => (
          <li key={`${d.tenantId}/${d.draftId}`}>
            <button type="button" class="link-button" onClick={() => onOpen(d.draftId)} data-testid={`open-draft-${d.draftId}`} title={`Saved ${formatDate(d.updatedAt)}${d.updatedBy ? ` by ${d.updatedBy}` : ''}`}>
              {d.name ?? d.draftId} <small>draft</small>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
