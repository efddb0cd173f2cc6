import type { EngineLimits } from '@osprey/store';
import type { LimitsConfig } from '../config/limits-config';

/** The store's and interpreter's share of the configured limits. */
export function engineLimits(config: LimitsConfig): EngineLimits {
  return {
    variables: { maxVariableBytes: config.maxVariableBytes, maxInstanceVariablesBytes: config.maxInstanceVariablesBytes, maxDepth: config.maxJsonDepth, maxVariables: config.maxVariablesPerCommand },
    feel: { maxLength: config.feelMaxLength, maxDepth: config.feelMaxDepth, maxIterations: config.feelMaxIterations },
    maxStepsPerTransaction: config.maxStepsPerTransaction,
    maxCallDepth: config.maxCallDepth,
    commandGroup: config.commandGroup,
  };
}
