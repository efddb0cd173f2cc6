import fastifyStatic from '@fastify/static';
import { webAppStatic } from './web/web-app.server';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import multipart from '@fastify/multipart';
import { jsonBodyProblem, OspreyEngine, variableCountProblem } from '@osprey/store';
import { warmUpFeel } from '@osprey/runtime';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import type { EngineConfig } from './config/engine-config';
import { KafkaConnection } from './kafka/kafka-connection';
import { PinoNestLogger } from './logging/logger';
import { connectKafkaInbound } from './kafka/kafka-inbound';
import { ProblemFilter } from './api/problem.filter';
import { Lifecycle } from './lifecycle';
import { startOtlpTracing, type Tracing } from './tracing';
import { OSPREY_VERSION } from './version';
import { engineLimits } from './limits/engine-limits';
import { guardedServerFactory } from './limits/connection-guard';
import { bindAsyncResourcesWithoutAccessor } from './async-resource-bind';

/**
 * JSON bodies, where an empty body with `content-type: application/json` counts as no body:
 * Camunda's clients send exactly that for bodiless commands (incident resolution, unassign).
 */
function acceptEmptyJson(app: NestFastifyApplication, maxBodyBytes: number, maxJsonDepth: number, maxVariables: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  if (fastify.hasContentTypeParser('application/json')) fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: maxBodyBytes }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    // Kept for signature checks over the exact bytes received (webhooks).
    (req as { rawBody?: string }).rawBody = text;
    if (text.trim() === '') return done(null, undefined);
    // Before the parse: JSON.parse holds the event loop for about 20 ns a byte, so 100,000
    // variables in 1.6 MB are refused while counting them, before costing 20–60 ms of parse.
    const problem = jsonBodyProblem(text, maxJsonDepth, maxVariables);
    if (problem) return done(Object.assign(new Error(problem.message), { statusCode: problem.status }), undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return done(badRequest(`Expected a JSON body, but it does not parse: ${(error as Error).message}`), undefined);
    }
    // Names the scan cannot read as `variables` (written with escapes) are counted after the parse.
    const crowded = variableCountProblem((parsed as { variables?: unknown } | null)?.variables, maxVariables);
    if (crowded) return done(Object.assign(new Error(crowded), { statusCode: 413 }), undefined);
    done(null, parsed);
  });
}

function badRequest(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400 });
}

/** A running engine: its HTTP address and how to stop it. */
export interface RunningEngine {
  readonly url: string;
  readonly engine: OspreyEngine;
  readonly app: NestFastifyApplication;
  /** Graceful stop: stop taking work, finish in-flight requests and transactions, close pools. */
  stop(): Promise<void>;
}

/**
 * Opens the database (running migrations), checks Kafka when configured, and starts the HTTP
 * server. Used by `main.ts` and by tests that boot real engines.
 * @throws when the database or Kafka cannot be reached (the message says which)
 */
export async function startEngine(config: EngineConfig, logger: Logger): Promise<RunningEngine> {
  // Before anything opens a span; with tracing off the SDK is never loaded.
  const tracing: Tracing | undefined =
    config.tracing === 'otlp' ? await startOtlpTracing({ serviceName: 'osprey-engine', serviceVersion: OSPREY_VERSION }) : undefined;
  const where = config.database.kind === 'server' ? 'the PostgreSQL server in DATABASE_URL' : `the embedded database in OSPREY_DATA_DIR (${config.database.dataDir})`;
  let engine: OspreyEngine;
  try {
    engine = await OspreyEngine.open(config.database, { limits: engineLimits(config.limits) });
  } catch (error) {
    await tracing?.shutdown();
    throw new Error(`Could not open ${where}: ${(error as Error).message}`, { cause: error });
  }
  // Compiles feelin's and RE2's code paths now, so no request pays for it (20–25 ms cold).
  const warming = performance.now();
  warmUpFeel();
  logger.debug({ ms: Math.round(performance.now() - warming) }, 'FEEL warmed up');
  let kafka: KafkaConnection | null = null;
  if (config.kafka) {
    kafka = new KafkaConnection(config.kafka);
    try {
      await kafka.connect();
    } catch (error) {
      await engine.close();
      await kafka.close();
      await tracing?.shutdown();
      throw new Error(`Could not reach Kafka at ${config.kafka.brokers.join(',')}: ${(error as Error).message}`, { cause: error });
    }
  }
  // Before the first request: Fastify binds a callback of every request with a body (ADR 0036).
  bindAsyncResourcesWithoutAccessor();
  const adapter = new FastifyAdapter({
    bodyLimit: config.limits.maxBodyBytes,
    // Fastify's default is no limit at all: a client trickling a body byte by byte would hold a socket forever.
    requestTimeout: config.limits.requestReceiveTimeoutMs,
    return503OnClosing: true,
    serverFactory: guardedServerFactory(config.limits),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.create({ config, engine, logger, kafka }), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
    // Our own JSON parser (acceptEmptyJson) replaces Nest's.
    bodyParser: false,
  });
  await app.register(multipart as never);
  await app.register(fastifyStatic as never, webAppStatic() as never);
  acceptEmptyJson(app, config.limits.maxBodyBytes, config.limits.maxJsonDepth, config.limits.maxVariablesPerCommand);
  app.useGlobalFilters(new ProblemFilter(logger));
  app.enableShutdownHooks([]);
  const consumesKafka = connectKafkaInbound(app, config, engine, logger);
  await app.listen(config.port, config.host);
  if (consumesKafka) {
    try {
      await app.startAllMicroservices();
    } catch (error) {
      await app.close();
      await kafka?.close();
      await engine.close();
      await tracing?.shutdown();
      throw new Error(`Could not start the Kafka consumers: ${(error as Error).message}`, { cause: error });
    }
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://127.0.0.1:${port}`;
  logger.info({ url, database: config.database.kind, kafka: Boolean(config.kafka), roles: [...config.roles] }, 'Osprey engine started');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const lifecycle = app.get(Lifecycle);
      lifecycle.stopping = true;
      await lifecycle.drain(10_000);
      await app.close();
      await kafka?.close();
      await engine.close();
      await tracing?.shutdown().catch((error: unknown) => logger.warn({ err: error }, 'could not flush traces'));
      logger.info('Osprey engine stopped');
    })());
  return { url, engine, app, stop };
}
