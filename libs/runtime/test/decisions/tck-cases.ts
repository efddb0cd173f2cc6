/**
 * The decision-table cases of the public DMN TCK (compliance level 2) that fit Camunda's FEEL,
 * restated in our own table format: same columns, rules and expected results. Item-definition
 * constraints of the originals are written as input and output values on the columns, as a
 * Camunda Modeler table has them; TCK results named by decision are read by decision id here.
 */
import type { DecisionValue } from '@osprey/dmn';
import type { TableSpec } from './dmn-table';

export interface TckCase {
  readonly name: string;
  readonly table: TableSpec;
  readonly cases: readonly { vars: Record<string, DecisionValue>; expected: DecisionValue }[];
}

const AGE_RISK_AFFORDABLE = [
  { expression: 'Age', typeRef: 'number' },
  { expression: 'RiskCategory', typeRef: 'string', values: '"High", "Low", "Medium"' },
  { expression: 'isAffordable', typeRef: 'boolean' },
];
const applicant = (Age: number, RiskCategory: string, isAffordable = true) => ({ Age, RiskCategory, isAffordable });
const approval = (status: string, rate: string, key = 'Status') => ({ [key]: status, Rate: rate });

const SIMPLE_RULES: TableSpec['rules'] = [
  [['>=18', '"Medium","Low"', 'true'], ['"Approved"']],
  [['<18', '-', '-'], ['"Declined"']],
  [['-', '"High"', '-'], ['"Declined"']],
  [['-', '-', 'false'], ['"Declined"']],
];
const SIMPLE_CASES = [
  { vars: applicant(18, 'Medium'), expected: 'Approved' },
  { vars: applicant(17, 'Medium'), expected: 'Declined' },
  { vars: applicant(18, 'High'), expected: 'Declined' },
];
const MULTI_RULES: TableSpec['rules'] = [
  [['>=18', '"Medium","Low"', 'true'], ['"Approved"', '"Basic"']],
  [['<18', '-', '-'], ['"Declined"', '"Standard"']],
  [['-', '"High"', '-'], ['"Approved"', '"Standard"']],
];
const MULTI_OUTPUTS = [
  { name: 'Approved/Declined', typeRef: 'string', values: '"Approved", "Declined"' },
  { name: 'Rate', typeRef: 'string' },
];
const FIRST_RULES: TableSpec['rules'] = [
  [['>=18', '"Medium"', 'true'], ['"Approved"', '"Best"']],
  [['>=12', '"Medium"', 'true'], ['"Approved"', '"Standard"']],
  [['<12', '"Low"', 'true'], ['"Declined"', '"Standard"']],
];
const TWO_OUTPUTS = [{ name: 'Status', typeRef: 'string' }, { name: 'Rate', typeRef: 'string' }];
const years = (NumOfYears: number) => ({ NumOfYears });
const ladder = (outputs: string[]): TableSpec['rules'] => ['>1', '>2', '>3', outputs.length > 3 ? '>5' : '>4'].slice(0, outputs.length).map((t, i) => [[t], [outputs[i]]]);

export const TCK_CASES: readonly TckCase[] = [
  {
    name: '0004-simpletable-U',
    table: {
      id: 'approvalStatus', hitPolicy: 'UNIQUE', inputs: AGE_RISK_AFFORDABLE, outputs: [{ typeRef: 'string' }],
      rules: [
        [['>=18', '"Medium","Low"', 'true'], ['"Approved"']],
        [['<18', '"Medium","Low"', 'true'], ['"Declined"']],
        [['-', '"High"', 'true'], ['"Declined"']],
        [['-', '-', 'false'], ['"Declined"']],
      ],
    },
    cases: SIMPLE_CASES,
  },
  { name: '0005-simpletable-A', table: { id: 'approvalStatus', hitPolicy: 'ANY', inputs: AGE_RISK_AFFORDABLE, outputs: [{ typeRef: 'string' }], rules: SIMPLE_RULES }, cases: SIMPLE_CASES },
  {
    name: '0006-simpletable-P1',
    table: { id: 'approvalStatus', hitPolicy: 'PRIORITY', inputs: AGE_RISK_AFFORDABLE, outputs: [{ typeRef: 'string', values: '"Approved", "Declined"' }], rules: SIMPLE_RULES },
    cases: SIMPLE_CASES,
  },
  {
    name: '0007-simpletable-P2',
    table: {
      id: 'approvalStatus', hitPolicy: 'PRIORITY', inputs: AGE_RISK_AFFORDABLE, outputs: [{ typeRef: 'string', values: '"Approved", "Declined"' }],
      rules: [[['>=18', '"Medium","Low"', 'true'], ['"Approved"']], [['-', '-', '-'], ['"Declined"']]],
    },
    cases: SIMPLE_CASES,
  },
  {
    name: '0010-multi-output-U',
    table: {
      id: 'approval', hitPolicy: 'UNIQUE', inputs: AGE_RISK_AFFORDABLE, outputs: TWO_OUTPUTS,
      rules: [
        [['>=18', '"Low"', 'true'], ['"Approved"', '"Best"']],
        [['>=18', '"Medium"', 'true'], ['"Approved"', '"Standard"']],
        [['<18', '"Medium","Low"', 'true'], ['"Declined"', '"Standard"']],
        [['-', '"High"', 'true'], ['"Declined"', '"Standard"']],
        [['-', '-', 'false'], ['"Declined"', '"Standard"']],
      ],
    },
    cases: [
      { vars: applicant(18, 'Medium'), expected: approval('Approved', 'Standard') },
      { vars: applicant(17, 'Medium'), expected: approval('Declined', 'Standard') },
      { vars: applicant(18, 'High'), expected: approval('Declined', 'Standard') },
    ],
  },
  {
    name: '0108-first-hitpolicy',
    table: { id: 'approval', hitPolicy: 'FIRST', inputs: AGE_RISK_AFFORDABLE, outputs: TWO_OUTPUTS, rules: FIRST_RULES },
    cases: [
      { vars: applicant(19, 'Medium'), expected: approval('Approved', 'Best') },
      { vars: applicant(13, 'Medium'), expected: approval('Approved', 'Standard') },
      { vars: applicant(10, 'Low'), expected: approval('Declined', 'Standard') },
    ],
  },
  {
    name: '0109-ruleOrder-hitpolicy',
    table: { id: 'approval', hitPolicy: 'RULE ORDER', inputs: AGE_RISK_AFFORDABLE, outputs: TWO_OUTPUTS, rules: FIRST_RULES },
    cases: [
      { vars: applicant(19, 'Medium'), expected: [approval('Approved', 'Best'), approval('Approved', 'Standard')] },
      { vars: applicant(13, 'Medium'), expected: [approval('Approved', 'Standard')] },
      { vars: applicant(10, 'Low'), expected: [approval('Declined', 'Standard')] },
    ],
  },
  {
    name: '0110-outputOrder-hitpolicy',
    table: { id: 'approvalStatus', hitPolicy: 'OUTPUT ORDER', inputs: AGE_RISK_AFFORDABLE, outputs: MULTI_OUTPUTS, rules: MULTI_RULES },
    cases: [
      { vars: applicant(17, 'High'), expected: [approval('Approved', 'Standard', 'Approved/Declined'), approval('Declined', 'Standard', 'Approved/Declined')] },
      { vars: applicant(19, 'Low'), expected: [approval('Approved', 'Basic', 'Approved/Declined')] },
      { vars: applicant(10, 'Low'), expected: [approval('Declined', 'Standard', 'Approved/Declined')] },
    ],
  },
  {
    name: '0111-first-hitpolicy-singleoutputcol',
    table: { id: 'advertisement', hitPolicy: 'FIRST', inputs: [{ expression: 'age' }], outputs: [{ typeRef: 'string' }], rules: [[['>18'], ['"Cars"']], [['>12'], ['"Videogames"']], [['>0'], ['"Toys"']]] },
    cases: [
      { vars: { age: 19 }, expected: 'Cars' },
      { vars: { age: 13 }, expected: 'Videogames' },
      { vars: { age: 5 }, expected: 'Toys' },
    ],
  },
  {
    name: '0112-ruleOrder-hitpolicy-singleinoutcol',
    table: { id: 'approval', hitPolicy: 'RULE ORDER', inputs: [{ expression: 'Age' }], outputs: [{}], rules: [[['>=18'], ['"Best"']], [['>=12'], ['"Standard"']], [['<12'], ['"Standard"']]] },
    cases: [
      { vars: { Age: 19 }, expected: ['Best', 'Standard'] },
      { vars: { Age: 13 }, expected: ['Standard'] },
      { vars: { Age: 10 }, expected: ['Standard'] },
    ],
  },
  {
    name: '0113-outputOrder-hitpolicy-singleinoutcol',
    table: {
      id: 'approvalStatus', hitPolicy: 'OUTPUT ORDER', inputs: [{ expression: 'Age' }], outputs: [{ values: '"Approved","Declined"' }],
      rules: [[['>=18'], ['"Approved"']], [['<18'], ['"Declined"']], [['>=0'], ['"Approved"']]],
    },
    cases: [
      { vars: { Age: 17 }, expected: ['Approved', 'Declined'] },
      { vars: { Age: 19 }, expected: ['Approved', 'Approved'] },
      { vars: { Age: 10 }, expected: ['Approved', 'Declined'] },
    ],
  },
  {
    name: '0114-min-collect-hitpolicy',
    table: { id: 'carInsurance', hitPolicy: 'COLLECT', aggregation: 'MIN', inputs: [{ expression: 'NumOfYears' }], outputs: [{ typeRef: 'number' }], rules: ladder(['98.83', '150.21', '205.43', '64.32']).map(([i, o], n) => [n === 3 ? ['>4'] : i, o]) },
    cases: [
      { vars: years(5), expected: 64.32 },
      { vars: years(3), expected: 98.83 },
      { vars: years(4), expected: 98.83 },
    ],
  },
  {
    name: '0115-sum-collect-hitpolicy',
    table: { id: 'salary', hitPolicy: 'COLLECT', aggregation: 'SUM', inputs: [{ expression: 'NumOfYears' }], outputs: [{ typeRef: 'number' }], rules: ladder(['100', '200', '300', '500']) },
    cases: [
      { vars: years(6), expected: 1100 },
      { vars: years(3), expected: 300 },
      { vars: years(2), expected: 100 },
    ],
  },
  {
    name: '0116-count-collect-hitpolicy',
    table: { id: 'salary', hitPolicy: 'COLLECT', aggregation: 'COUNT', inputs: [{ expression: 'NumOfYears', typeRef: 'number' }], outputs: [{}], rules: ladder(['100', '200', '300', '500']) },
    cases: [
      { vars: years(6), expected: 4 },
      { vars: years(2), expected: 1 },
      { vars: years(3), expected: 2 },
    ],
  },
  {
    name: '0117-multi-any-hitpolicy',
    table: {
      id: 'approval', hitPolicy: 'ANY', inputs: AGE_RISK_AFFORDABLE, outputs: TWO_OUTPUTS,
      rules: [
        [['>=18', '"Low"', 'true'], ['"Approved"', '"Best"']],
        [['>=18', '"Medium"', 'true'], ['"Approved"', '"Standard"']],
        [['<18', '"Medium","Low"', 'true'], ['"Declined"', '"Standard"']],
        [['-', '"High"', 'true'], ['"Declined"', '"Standard"']],
        [['-', '-', 'false'], ['"Declined"', '"Standard"']],
        [['>=19', '"Low"', 'true'], ['"Approved"', '"Best"']],
      ],
    },
    cases: [
      { vars: applicant(19, 'Low'), expected: approval('Approved', 'Best') },
      { vars: applicant(17, 'High'), expected: approval('Declined', 'Standard') },
      { vars: applicant(19, 'Medium'), expected: approval('Approved', 'Standard') },
    ],
  },
  {
    name: '0118-multi-priority-hitpolicy',
    table: { id: 'approvalStatus', hitPolicy: 'PRIORITY', inputs: AGE_RISK_AFFORDABLE, outputs: MULTI_OUTPUTS, rules: MULTI_RULES },
    cases: [
      { vars: applicant(17, 'High'), expected: approval('Approved', 'Standard', 'Approved/Declined') },
      { vars: applicant(19, 'Low'), expected: approval('Approved', 'Basic', 'Approved/Declined') },
      { vars: applicant(10, 'Low'), expected: approval('Declined', 'Standard', 'Approved/Declined') },
    ],
  },
  {
    name: '0119-multi-collect-hitpolicy',
    table: { id: 'approvalStatus', hitPolicy: 'COLLECT', inputs: AGE_RISK_AFFORDABLE, outputs: MULTI_OUTPUTS, rules: MULTI_RULES },
    cases: [
      { vars: applicant(17, 'High'), expected: [approval('Declined', 'Standard', 'Approved/Declined'), approval('Approved', 'Standard', 'Approved/Declined')] },
      { vars: applicant(19, 'Low'), expected: [approval('Approved', 'Basic', 'Approved/Declined')] },
      { vars: applicant(10, 'Low'), expected: [approval('Declined', 'Standard', 'Approved/Declined')] },
    ],
  },
];
