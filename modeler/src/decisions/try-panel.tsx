import { useState } from 'preact/hooks';
import { Button, ErrorNote } from '../shared/ui';
import { messageOf } from '../shared/format';
import type { DecisionTrialResponse } from '@osprey/contracts';
import { decisionsApi } from './decisions-api';
import { EvaluatedDecisions } from './evaluated-decisions';

/**
 * "Try it": evaluates a decision of the file being edited — not deployed — with the variables
 * typed here, and shows the output and the rules that matched, as the engine would decide.
 */
export function TryPanel({ decisions, xml }: { decisions: { id: string; name?: string }[]; xml: () => Promise<string> }) {
  const [decisionId, setDecisionId] = useState<string>();
  const [variables, setVariables] = useState('{\n  \n}');
  const [result, setResult] = useState<DecisionTrialResponse>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const chosen = decisionId && decisions.some((d) => d.id === decisionId) ? decisionId : decisions[0]?.id;

  async function run() {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const parsed: unknown = JSON.parse(variables || '{}');
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('Expected the variables as a JSON object, like {"amount": 100}');
      setResult(await decisionsApi.tryOut(await xml(), chosen!, parsed as Record<string, unknown>));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <aside class="decision-try" aria-label="Try a decision">
      <h2>Try it</h2>
      <label class="field">
        <span>Decision</span>
        <select value={chosen} onChange={(e) => setDecisionId(e.currentTarget.value)} data-testid="try-decision">
          {decisions.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name ?? d.id}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>Variables (JSON)</span>
        <textarea rows={6} value={variables} onInput={(e) => setVariables(e.currentTarget.value)} data-testid="try-variables" spellcheck={false} />
      </label>
      <Button variant="primary" busy={busy} disabled={!chosen} onClick={() => void run()} data-testid="try-run">
        Evaluate
      </Button>
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      {result ? (
        <div class="decision-result" data-testid="try-result">
          {result.failureMessage ? (
            <ErrorNote>{result.failureMessage}</ErrorNote>
          ) : (
            <p>
              Output: <code data-testid="try-output">{result.output}</code>
            </p>
          )}
          <EvaluatedDecisions decisions={result.evaluatedDecisions} />
        </div>
      ) : null}
    </aside>
  );
}
