import { useEffect, useState } from 'preact/hooks';
import type Modeler from 'bpmn-js/lib/Modeler';
import { engine } from '../api/engine';
import { tenantFilter } from '../api/tenant';
import { useTenantState } from '../app/tenant-picker';
import type { ProcessDefinition } from '@osprey/contracts';
import { messageOf } from '../shared/format';
import { Badge, Button, Dialog, ErrorNote } from '../shared/ui';
import type { LintReport } from './bpmn-modeler';
import { diffAgainst, typeLabel, type DiffEntry } from './diagram-diff';

interface Props {
  open: boolean;
  mode: 'deploy' | 'compare';
  modeler: Modeler | null;
  processId: string | undefined;
  problems: LintReport[];
  forms: string[];
  onClose: () => void;
  /** Deploys; `run` asks to start an instance of the new version afterwards. */
  onDeploy: (run: boolean) => Promise<void>;
}

/**
 * What deploying would change: the element-level difference from the latest deployed version,
 * the lint problems (errors block deployment), and the forms that go along.
 */
export function DeployDialog({ open, mode, modeler, processId, problems, forms, onClose, onDeploy }: Props) {
  const [base, setBase] = useState<ProcessDefinition | null>();
  const [changes, setChanges] = useState<DiffEntry[]>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<'deploy' | 'run' | null>(null);
  const { chosen: tenant } = useTenantState();

  useEffect(() => {
    if (!open || !modeler || !processId) return;
    setBase(undefined);
    setChanges(undefined);
    setError(undefined);
    let cancelled = false;
    (async () => {
      const { items } = await engine.searchDefinitions({ filter: { processDefinitionId: processId, ...tenantFilter() }, sort: [{ field: 'version', order: 'DESC' }], page: { limit: 1 } });
      const latest = items[0] ?? null;
      const entries = latest ? await diffAgainst(modeler, await engine.definitionXml(latest.processDefinitionKey)) : [];
      if (cancelled) return;
      setBase(latest);
      setChanges(entries);
    })().catch((e: unknown) => !cancelled && setError(messageOf(e)));
    return () => {
      cancelled = true;
    };
  }, [open, modeler, processId, tenant]);

  const errors = problems.filter((p) => p.category === 'error');
  const warnings = problems.filter((p) => p.category !== 'error');

  async function deploy(run: boolean) {
    setBusy(run ? 'run' : 'deploy');
    try {
      await onDeploy(run);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Dialog
      title={mode === 'deploy' ? `Deploy ${processId ?? ''}` : `Changes in ${processId ?? ''}`}
      open={open}
      onClose={onClose}
      wide
      footer={
        <>
          <Button onClick={onClose}>{mode === 'deploy' ? 'Cancel' : 'Close'}</Button>
          {mode === 'deploy' ? (
            <>
              <Button busy={busy === 'run'} disabled={errors.length > 0 || !processId || busy !== null} onClick={() => deploy(true)} data-testid="deploy-and-run">
                Deploy &amp; run
              </Button>
              <Button variant="primary" busy={busy === 'deploy'} disabled={errors.length > 0 || !processId || busy !== null} onClick={() => deploy(false)} data-testid="confirm-deploy">
                Deploy
              </Button>
            </>
          ) : null}
        </>
      }
    >
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      {mode === 'deploy' && tenant ? (
        <p data-testid="deploy-tenant">
          Deploys to tenant <strong>{tenant}</strong>.
        </p>
      ) : null}
      {mode === 'deploy' && errors.length > 0 ? (
        <ErrorNote>
          Fix {errors.length === 1 ? 'the error' : `the ${errors.length} errors`} in the Problems panel before deploying: {errors.map((e) => `${e.id}: ${e.message}`).join('; ')}
        </ErrorNote>
      ) : null}
      {mode === 'deploy' && warnings.length > 0 ? <p class="hint">{warnings.length} warning(s) — the process can still be deployed.</p> : null}
      <h3 class="section-title">Changes</h3>
      {base === undefined && !error ? <p class="hint">Comparing with the deployed version…</p> : null}
      {base === null ? <p data-testid="diff-summary">This is the first version of <code>{processId}</code>: every element is new.</p> : null}
      {base && changes ? (
        <>
          <p data-testid="diff-summary">
            Compared with version {base.version}: {changes.length === 0 ? 'no changes.' : `${changes.length} element(s) differ.`}
          </p>
          {changes.length > 0 ? (
            <table class="table diff-table">
              <thead>
                <tr>
                  <th>Change</th>
                  <th>Element</th>
                  <th>Type</th>
                  <th>What changed</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c) => (
                  <tr key={`${c.change}-${c.id}`}>
                    <td>
                      <Badge tone={c.change === 'added' ? 'success' : c.change === 'removed' ? 'danger' : c.change === 'changed' ? 'warning' : 'neutral'}>{c.change}</Badge>
                    </td>
                    <td>
                      {c.name ? <strong>{c.name} </strong> : null}
                      <code>{c.id}</code>
                    </td>
                    <td>{typeLabel(c.type)}</td>
                    <td>{c.properties?.join(', ') ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : null}
      {mode === 'deploy' && forms.length > 0 ? (
        <p class="hint">
          Deployed with the form{forms.length > 1 ? 's' : ''} {forms.map((f) => `${f}.form`).join(', ')}.
        </p>
      ) : null}
    </Dialog>
  );
}
