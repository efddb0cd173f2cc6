import { Controller, Inject } from '@nestjs/common';
import type { OspreyEngine } from '@osprey/store';
import { TRY_DECISION, type DecisionTrialRequest } from '@osprey/contracts';
import { ENGINE } from '../engine.tokens';
import { ContractBody, Route } from './contract-route';

/** Osprey addition: evaluate a decision of a DMN file that is not deployed (the modeler's "try it"). */
@Controller()
export class DecisionTrialController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Route(TRY_DECISION)
  evaluate(@ContractBody() body: DecisionTrialRequest) {
    return this.engine.decisionEvaluations.tryOut(body);
  }
}
