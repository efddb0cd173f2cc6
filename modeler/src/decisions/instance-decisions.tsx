import { useData } from '../shared/use-data';
import { ErrorNote } from '../shared/ui';
import { decisionsApi } from './decisions-api';
import { EvaluatedDecisions } from './evaluated-decisions';
import { DecisionTableView } from './decision-table-view';

/**
 * The monitor's answer to "why did it decide that?": every decision a process instance
 * evaluated, with its input values and the rules that matched. Shows nothing for an instance
 * that evaluated none.
 */
export function InstanceDecisions({ processInstanceKey }: { processInstanceKey: string }) {
  const found = useData(async () => {
    const page = await decisionsApi.searchInstances({ filter: { processInstanceKey }, sort: [{ field: 'evaluationDate' }], page: { limit: 50 } });
    return Promise.all(page.items.map((i) => decisionsApi.instance(i.decisionEvaluationInstanceKey)));
  }, [processInstanceKey]);
  if (found.error) return <ErrorNote>{found.error}</ErrorNote>;
  if (!found.data?.length) return null;
  return (
    <section class="card" aria-label="Evaluated decisions" data-testid="instance-decisions">
      <h2>Decisions</h2>
      {found.data.map((d) => (
        <div key={d.decisionEvaluationInstanceKey}>
          <p class="muted">
            At <strong>{d.elementId}</strong>: {d.state === 'FAILED' ? `failed — ${d.evaluationFailure}` : null}
          </p>
          <EvaluatedDecisions decisions={[{ ...d, output: d.result }]} />
          {d.decisionDefinitionType === 'DECISION_TABLE' && d.decisionRequirementsKey ? (
            <DecisionTableView decisionRequirementsKey={d.decisionRequirementsKey} decisionId={d.decisionDefinitionId} matchedRuleIds={(d.matchedRules ?? []).map((r) => r.ruleId)} />
          ) : null}
        </div>
      ))}
    </section>
  );
}
