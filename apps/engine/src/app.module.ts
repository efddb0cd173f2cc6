import { type DynamicModule, Module } from '@nestjs/common';
import type { OspreyEngine } from '@osprey/store';
import type { Logger } from 'pino';
import type { EngineConfig } from './config/engine-config';
import { CONFIG, ENGINE, KAFKA, LOGGER } from './engine.tokens';
import { HealthController } from './health/health.controller';
import { TopologyController } from './api/topology.controller';
import { DeploymentsController } from './api/deployments.controller';
import { ProcessDefinitionsController } from './api/process-definitions.controller';
import { DecisionDefinitionsController } from './api/decision-definitions.controller';
import { DecisionRequirementsController } from './api/decision-requirements.controller';
import { DecisionInstancesController } from './api/decision-instances.controller';
import { DecisionTrialController } from './api/decision-trial.controller';
import { ProcessInstancesController } from './api/process-instances.controller';
import { InstanceChangesController } from './api/instance-changes.controller';
import { ElementInstancesController } from './api/element-instances.controller';
import { JobsController } from './api/jobs.controller';
import { UserTasksController } from './api/user-tasks.controller';
import { MessagesController } from './api/messages.controller';
import { ApiDocsController } from './api/api-docs.controller';
import { TimerPoller } from './background/timer-poller';
import { ContinuationPoller } from './background/continuation-poller';
import { JobNotifications } from './background/job-notifications';
import { KafkaBridge } from './kafka/kafka-bridge';
import { KafkaInboundController } from './kafka/kafka-inbound.controller';
import { Lifecycle } from './lifecycle';
import type { KafkaConnection } from './kafka/kafka-connection';
import { IdentityController } from './identity/identity.controller';
import { IdentityService } from './identity/identity.service';
import { DraftsController } from './drafts/drafts.controller';
import { StatisticsController } from './web-api/statistics.controller';
import { InstanceHistoryController } from './web-api/instance-history.controller';
import { FormsController } from './web-api/forms.controller';
import { WebAppServer } from './web/web-app.server';
import { METRICS_PROVIDERS, MetricsController } from './metrics';
import { ConnectorRunner } from './connectors/connector-runner';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WebhookService } from './webhooks/webhook.service';
import { AUTH_PROVIDERS } from './auth';
import { AUDIT_PROVIDERS, AuditController } from './audit';
import { HttpTracing } from './tracing';
import { LoadShedder } from './limits/load-shedder';

/** What the app module is built from: opened before Nest starts so start-up errors are clear. */
export interface AppDependencies {
  readonly config: EngineConfig;
  readonly engine: OspreyEngine;
  readonly logger: Logger;
  readonly kafka: KafkaConnection | null;
}

/** The engine's Nest module: the REST API, probes and background loops. */
@Module({})
export class AppModule {
  static create(deps: AppDependencies): DynamicModule {
    return {
      module: AppModule,
      controllers: [
        HealthController,
        TopologyController,
        DeploymentsController,
        ProcessDefinitionsController,
        DecisionDefinitionsController,
        DecisionRequirementsController,
        DecisionInstancesController,
        DecisionTrialController,
        ProcessInstancesController,
        InstanceChangesController,
        ElementInstancesController,
        JobsController,
        UserTasksController,
        MessagesController,
        ApiDocsController,
        IdentityController,
        DraftsController,
        StatisticsController,
        InstanceHistoryController,
        FormsController,
        MetricsController,
        WebhooksController,
        AuditController,
        KafkaInboundController,
      ],
      providers: [
        { provide: CONFIG, useValue: deps.config },
        { provide: ENGINE, useValue: deps.engine },
        { provide: LOGGER, useValue: deps.logger },
        { provide: KAFKA, useValue: deps.kafka },
        Lifecycle,
        TimerPoller,
        ContinuationPoller,
        JobNotifications,
        KafkaBridge,
        HttpTracing,
        IdentityService,
        WebAppServer,
        ...METRICS_PROVIDERS,
        ConnectorRunner,
        WebhookService,
        ...AUTH_PROVIDERS,
        ...AUDIT_PROVIDERS,
        LoadShedder,
      ],
    };
  }
}
