import { Inject, Injectable } from '@nestjs/common';
import type { EngineRecord } from '@osprey/runtime';
import type { OspreyEngine } from '@osprey/store';
import type { Logger } from 'pino';
import { ENGINE, LOGGER } from '../engine.tokens';
import { EngineMetrics } from './engine-metrics';

/**
 * Counts the committed record stream: instances started and ended, element and job transitions,
 * incidents raised, and how late timers fired. Each replica counts the commands it ran, so
 * `sum()` over replicas is the engine's total. Records of a rolled-back transaction never reach
 * here: the store emits them after commit.
 */
@Injectable()
export class RecordMetrics {
  constructor(
    @Inject(ENGINE) engine: OspreyEngine,
    @Inject(EngineMetrics) private readonly metrics: EngineMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    engine.events.onRecords((records) => {
      // The listener runs inside the committing caller: a bug here must not fail a command
      // that has already committed.
      try {
        for (const record of records) this.count(record);
      } catch (error) {
        this.logger.warn({ err: error }, 'could not count records for metrics');
      }
    });
  }

  private count(record: EngineRecord): void {
    const m = this.metrics;
    switch (record.valueType) {
      case 'PROCESS_INSTANCE': {
        const { bpmnElementType, bpmnProcessId } = record.value;
        m.elementTransitions.inc({ element_type: m.elementTypes.of(bpmnElementType), intent: record.intent });
        if (bpmnElementType !== 'PROCESS') return;
        const process = m.processes.of(bpmnProcessId);
        if (record.intent === 'ELEMENT_ACTIVATED') m.instancesStarted.inc({ process });
        else if (record.intent === 'ELEMENT_COMPLETED') m.instancesCompleted.inc({ process });
        else if (record.intent === 'ELEMENT_TERMINATED') m.instancesTerminated.inc({ process });
        return;
      }
      case 'JOB':
        m.jobTransitions.inc({ type: m.jobTypes.of(record.value.type), intent: record.intent });
        return;
      case 'INCIDENT':
        if (record.intent === 'CREATED') m.incidentsCreated.inc({ process: m.processes.of(record.value.bpmnProcessId) });
        return;
      case 'TIMER':
        // Both times are on the database clock, so replica clock skew does not show up as lag.
        if (record.intent === 'TRIGGERED') m.timerLag.observe(Math.max(0, record.timestamp - record.value.dueDate) / 1000);
        return;
      default:
        return;
    }
  }
}
