/** What an evaluation produces: Camunda 8's evaluated-decision shapes, with JSON values. */
import type { DecisionValue } from '../decision-model';

/** An input of a decision table with the value it had. */
export interface EvaluatedInput {
  readonly inputId: string;
  /** The input's label, else its expression. */
  readonly inputName: string;
  readonly inputValue: DecisionValue;
}

/** An output of a matched rule with the value it produced. */
export interface EvaluatedOutput {
  readonly outputId: string;
  /** The output's name, else its label. */
  readonly outputName: string;
  readonly outputValue: DecisionValue;
}

/** A rule whose input entries all matched. */
export interface MatchedRule {
  readonly ruleId: string;
  /** 1-based position of the rule in its table. */
  readonly ruleIndex: number;
  readonly evaluatedOutputs: readonly EvaluatedOutput[];
}

/** One decision evaluated on the way (required decisions come before the one that needs them). */
export interface EvaluatedDecision {
  readonly decisionId: string;
  readonly decisionName: string;
  readonly decisionType: 'DECISION_TABLE' | 'LITERAL_EXPRESSION';
  readonly output: DecisionValue;
  readonly evaluatedInputs: readonly EvaluatedInput[];
  readonly matchedRules: readonly MatchedRule[];
}

/** A successful evaluation: the output of the called decision and every decision evaluated. */
export interface DecisionEvaluationSuccess {
  readonly ok: true;
  readonly decisionId: string;
  readonly output: DecisionValue;
  readonly evaluatedDecisions: readonly EvaluatedDecision[];
}

/**
 * A failed evaluation: which decision failed and why (its message names the decision, the
 * rules that matched and the inputs), with the decisions evaluated before the failure.
 */
export interface DecisionEvaluationFailure {
  readonly ok: false;
  readonly decisionId: string;
  readonly failedDecisionId: string;
  readonly failureMessage: string;
  readonly evaluatedDecisions: readonly EvaluatedDecision[];
}

export type DecisionEvaluation = DecisionEvaluationSuccess | DecisionEvaluationFailure;
