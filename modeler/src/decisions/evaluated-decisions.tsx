import type { EvaluatedDecision } from '@osprey/contracts';
import './decisions.css';

/**
 * Why a decision decided what it did: for each decision evaluated, the input values and the
 * rules that matched with their outputs. Shared by "try it" and the monitor.
 */
export function EvaluatedDecisions({ decisions }: { decisions: Partial<EvaluatedDecision>[] }) {
  return (
    <div class="evaluated-decisions">
      {decisions.map((d, i) => (
        <section key={i} class="evaluated-decision" data-testid={`evaluated-${d.decisionDefinitionId}`}>
          <h3>
            {d.decisionDefinitionName ?? d.decisionDefinitionId} <small>{d.decisionDefinitionType === 'LITERAL_EXPRESSION' ? 'literal expression' : 'decision table'}</small>
          </h3>
          {d.evaluatedInputs?.length ? (
            <dl class="decision-inputs">
              {d.evaluatedInputs.map((input) => (
                <div key={input.inputId}>
                  <dt>{input.inputName}</dt>
                  <dd>
                    <code>{input.inputValue}</code>
                  </dd>
                </div>
              ))}
            </dl>
          ) : null}
          {d.decisionDefinitionType !== 'LITERAL_EXPRESSION' ? (
            d.matchedRules?.length ? (
              <ul class="matched-rules">
                {d.matchedRules.map((r) => (
                  <li key={r.ruleId} class="matched-rule" data-testid="matched-rule">
                    Rule {r.ruleIndex} <small>({r.ruleId})</small> matched →{' '}
                    {r.evaluatedOutputs.map((o, n) => (
                      <span key={o.outputId} class="rule-output">
                        {n > 0 ? ', ' : ''}
                        {o.outputName ? `${o.outputName} = ` : ''}
                        <code>{o.outputValue}</code>
                      </span>
                    ))}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">No rule matched.</p>
            )
          ) : null}
          {d.output !== undefined ? (
            <p class="decision-output">
              Result: <code>{d.output}</code>
            </p>
          ) : null}
        </section>
      ))}
    </div>
  );
}
