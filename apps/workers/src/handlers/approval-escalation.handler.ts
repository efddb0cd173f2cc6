import type { JobHandler } from '@osprey/client';

/** `approval-escalation` runs when a manager has not decided within 48 hours. */
export interface ApprovalEscalationVariables {
  readonly orderId?: string;
  readonly orderTotal?: number;
}

export interface ApprovalEscalationResult {
  readonly escalatedTo: string;
  readonly escalatedAt: string;
}

/** Orders above this go to the finance director rather than senior managers. */
const DIRECTOR_THRESHOLD = 10_000;

/** Escalates an approval nobody decided: the process then asks again. */
export const approvalEscalation: JobHandler<ApprovalEscalationVariables, ApprovalEscalationResult> = async (
  job,
) => {
  const total = job.variables.orderTotal ?? 0;
  return {
    escalatedTo: total > DIRECTOR_THRESHOLD ? 'finance-director' : 'senior-managers',
    escalatedAt: new Date().toISOString(),
  };
};
