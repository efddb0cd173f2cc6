import { Body as RawBody, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import type { OspreyEngine } from '@osprey/store';
import { DecisionTrialRequest } from '@osprey/contracts';
import { ENGINE } from '../engine.tokens';
import { readBody } from './read-body';

/** Osprey addition: evaluate a decision of a DMN file that is not deployed (the modeler's "try it"). */
@Controller('v2/osprey/decision-evaluation')
export class DecisionTrialController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Post()
  @HttpCode(200)
  evaluate(@RawBody() raw: unknown) {
    return this.engine.decisionEvaluations.tryOut(readBody(DecisionTrialRequest, raw));
  }
}
