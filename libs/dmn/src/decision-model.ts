/**
 * The compiled, immutable form of a DMN file: what the evaluator runs. Built once per deployed
 * version by {@link compileDmn}; unary tests and output entries are compiled here, never per
 * evaluation.
 */
import type { CompiledExpression, CompiledUnaryTests } from './compile/compiled-feel';

/** A value a decision reads or produces: JSON, as variables are stored. */
export type DecisionValue = null | boolean | number | string | DecisionValue[] | { [key: string]: DecisionValue };

/** DMN hit policies, spelt as in the XML. */
export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';

/** The aggregations of the COLLECT hit policy. */
export type Aggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

/**
 * A type the file declares with an `itemDefinition`, resolved through its `typeRef` chain:
 * what a value of that type must be. Checked where a column or a decision's variable names it.
 */
export interface ItemType {
  /** The item definition's name, as a `typeRef` names it. */
  readonly name: string;
  /** The FEEL type the chain of `typeRef`s ends in (`number`, `string`, `date`…), or `null` (a structure, or any value). */
  readonly baseType: string | null;
  /** The `allowedValues` of this definition and of each it is based on; a value must pass them all. */
  readonly allowedValues: readonly CompiledUnaryTests[];
  /** `isCollection`: a value is a list, and each of its items must be of the type. */
  readonly isCollection: boolean;
  /** The components of a structured type (`itemComponent`), by name; `null` for a simple type. */
  readonly components: ReadonlyMap<string, ItemType> | null;
}

/** One input column of a decision table. */
export interface TableInput {
  readonly id: string;
  readonly label: string | null;
  /** The input expression, evaluated once per evaluation. */
  readonly expression: CompiledExpression;
  readonly typeRef: string | null;
  /** The item definition `typeRef` names, when it names one. */
  readonly itemType: ItemType | null;
  /** The allowed input values (`inputValues`), when the column restricts them. */
  readonly allowedValues: CompiledUnaryTests | null;
}

/** One output column of a decision table. */
export interface TableOutput {
  readonly id: string;
  /** The name of the output in a context result; `null` only for a table's single output. */
  readonly name: string | null;
  readonly label: string | null;
  readonly typeRef: string | null;
  /** The item definition `typeRef` names, when it names one. */
  readonly itemType: ItemType | null;
  /** The output values list, in priority order (first = highest), for PRIORITY and OUTPUT ORDER. */
  readonly outputValues: readonly DecisionValue[] | null;
  /** The same list as unary tests, to check produced values against. */
  readonly allowedValues: CompiledUnaryTests | null;
}

/** One rule (row) of a decision table. */
export interface TableRule {
  readonly id: string;
  /** 1-based position in the table, as Camunda reports `ruleIndex`. */
  readonly index: number;
  readonly inputEntries: readonly CompiledUnaryTests[];
  readonly outputEntries: readonly CompiledExpression[];
}

/** The logic of a decision table. */
export interface DecisionTableLogic {
  readonly kind: 'decisionTable';
  readonly hitPolicy: HitPolicy;
  readonly aggregation: Aggregation | null;
  readonly inputs: readonly TableInput[];
  readonly outputs: readonly TableOutput[];
  readonly rules: readonly TableRule[];
}

/** The logic of a literal expression decision. */
export interface LiteralExpressionLogic {
  readonly kind: 'literalExpression';
  readonly expression: CompiledExpression;
  /** The `variable` of the decision: its name and type. */
  readonly variableName: string | null;
  readonly typeRef: string | null;
  /** The item definition `typeRef` names, when it names one. */
  readonly itemType: ItemType | null;
}

/** One decision of a DMN file. */
export interface DecisionDef {
  readonly id: string;
  readonly name: string;
  /** `zeebe:versionTag`, when the decision has one. */
  readonly versionTag: string | null;
  /**
   * The name of the decision's `variable`, when it has one: the name its result goes by in the
   * decisions that require it (as in Camunda 8), beside its id.
   */
  readonly resultName: string | null;
  /** Ids of the decisions this one requires, evaluated before it. */
  readonly requiredDecisions: readonly string[];
  readonly logic: DecisionTableLogic | LiteralExpressionLogic;
}

/** A whole DMN file: the decision requirements graph (DRG) and its decisions. */
export interface DecisionRequirements {
  /** The `definitions` id: Camunda's `decisionRequirementsId`. */
  readonly id: string;
  readonly name: string;
  readonly namespace: string | null;
  /** Decisions by id, in document order. */
  readonly decisions: ReadonlyMap<string, DecisionDef>;
}
