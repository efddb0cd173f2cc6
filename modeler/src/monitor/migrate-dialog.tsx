import { useEffect, useState } from 'preact/hooks';
import { engine } from '../api/engine';
import type { ProcessDefinition } from '@osprey/contracts';
import type { MigrationCheck } from '@osprey/contracts';
import { messageOf } from '../shared/format';
import { useData } from '../shared/use-data';
import { Button, Dialog, ErrorNote } from '../shared/ui';
import { runBatch, type Batch } from './batch';
import { flowNodes } from './diagram-elements';

interface Props {
  /** The version the instances run on (they must share it). */
  source: { processDefinitionKey: string; processDefinitionId: string; version: number };
  instanceKeys: string[];
  onClose: () => void;
  /** Reports the tracked batch that applies the migration. */
  onBatch: (batch: Batch) => void;
}

/** The other versions of the process, newest first. */
async function otherVersions(source: Props['source']): Promise<ProcessDefinition[]> {
  const { items } = await engine.searchDefinitions({ filter: { processDefinitionId: source.processDefinitionId }, sort: [{ field: 'version', order: 'DESC' }], page: { limit: 100 } });
  return items.filter((d) => d.processDefinitionKey !== source.processDefinitionKey);
}

/**
 * Migrates instances to another version: a mapping of each source element to a target element,
 * pre-filled where the ids match; a dry run of every instance shows what the engine would refuse
 * before anything changes; Migrate applies it as a tracked batch.
 */
export function MigrateDialog({ source, instanceKeys, onClose, onBatch }: Props) {
  const versions = useData(() => otherVersions(source), [source.processDefinitionKey]);
  const [target, setTarget] = useState<string>('');
  const sourceXml = useData(() => engine.definitionXml(source.processDefinitionKey), [source.processDefinitionKey]);
  const targetXml = useData(() => (target ? engine.definitionXml(target) : Promise.resolve(undefined)), [target]);
  const sourceNodes = flowNodes(sourceXml.data);
  const targetNodes = flowNodes(targetXml.data);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [checks, setChecks] = useState<MigrationCheck[] | null>(null);
  const [busy, setBusy] = useState<'check' | 'apply' | null>(null);
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!target && versions.data?.[0]) setTarget(versions.data[0].processDefinitionKey);
  }, [versions.data]);
  // A new target: map every element to the element of the same id, where there is one.
  useEffect(() => {
    const ids = new Set(targetNodes.map((n) => n.id));
    setMapping(Object.fromEntries(sourceNodes.map((n) => [n.id, ids.has(n.id) ? n.id : ''])));
    setChecks(null);
  }, [sourceXml.data, targetXml.data]);

  const instructions = Object.entries(mapping)
    .filter(([, to]) => to)
    .map(([sourceElementId, targetElementId]) => ({ sourceElementId, targetElementId }));
  const plan = { targetProcessDefinitionKey: target, mappingInstructions: instructions };

  async function dryRun() {
    setBusy('check');
    setError(undefined);
    try {
      setChecks(await Promise.all(instanceKeys.map(async (key) => (await engine.migrateInstance(key, { ...plan, dryRun: true }))!)));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  }

  async function apply() {
    setBusy('apply');
    onClose();
    await runBatch(`Migrate to version ${versions.data?.find((v) => v.processDefinitionKey === target)?.version ?? ''}`, instanceKeys, async (key) => void (await engine.migrateInstance(key, plan)), onBatch);
  }

  const invalid = (checks ?? []).filter((c) => !c.valid);
  return (
    <Dialog
      title={`Migrate ${instanceKeys.length} instance${instanceKeys.length === 1 ? '' : 's'}`}
      open
      wide
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button busy={busy === 'check'} disabled={!target} onClick={dryRun} data-testid="migration-dry-run">
            Dry run
          </Button>
          <Button variant="primary" busy={busy === 'apply'} disabled={!checks || invalid.length > 0} onClick={apply} data-testid="confirm-migration">
            Migrate
          </Button>
        </>
      }
    >
      <p class="hint">
        From <code>{source.processDefinitionId}</code> version {source.version}. Run a dry run first: nothing changes until you choose Migrate.
      </p>
      {versions.error ? <ErrorNote>{versions.error}</ErrorNote> : null}
      {versions.data && versions.data.length === 0 ? <ErrorNote>There is no other version of {source.processDefinitionId} to migrate to.</ErrorNote> : null}
      <label class="field">
        <span>Target version</span>
        <select class="input" value={target} onChange={(e) => setTarget(e.currentTarget.value)} data-testid="migration-target">
          {(versions.data ?? []).map((v) => (
            <option key={v.processDefinitionKey} value={v.processDefinitionKey}>
              version {v.version}
            </option>
          ))}
        </select>
      </label>
      <table class="table compact" data-testid="migration-mapping">
        <thead>
          <tr>
            <th>Source element</th>
            <th>Target element</th>
          </tr>
        </thead>
        <tbody>
          {sourceNodes.map((n) => (
            <tr key={n.id}>
              <td>
                {n.name} <code class="muted">{n.id}</code>
              </td>
              <td>
                <select
                  class="input"
                  aria-label={`Target of ${n.id}`}
                  value={mapping[n.id] ?? ''}
                  onChange={(e) => {
                    setMapping({ ...mapping, [n.id]: e.currentTarget.value });
                    setChecks(null);
                  }}
                >
                  <option value="">— not mapped —</option>
                  {targetNodes.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name} ({t.id})
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      {checks ? (
        <div data-testid="migration-check">
          {invalid.length === 0 ? (
            <p class="text-success">Dry run: all {checks.length} instance(s) can be migrated with this mapping.</p>
          ) : (
            <ErrorNote>
              Dry run: {invalid.length} of {checks.length} instance(s) cannot be migrated:
              <ul>
                {invalid.map((c) => (
                  <li key={c.processInstanceKey}>
                    {c.processInstanceKey}: {c.errors.join('; ')}
                  </li>
                ))}
              </ul>
            </ErrorNote>
          )}
        </div>
      ) : null}
    </Dialog>
  );
}
