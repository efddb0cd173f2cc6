import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OspreyEngine } from '@osprey/store';
import { Counter } from 'prom-client';
import type { Logger } from 'pino';
import { CONFIG, ENGINE, LOGGER } from '../engine.tokens';
import type { EngineConfig } from '../config/engine-config';
import { EngineMetrics } from '../metrics/engine-metrics';
import type { Problem } from '../api/problem.filter';

/** Why a request was shed: the `reason` label of `osprey_http_requests_shed_total`. */
type ShedReason = 'in_flight' | 'db_waiting';

/**
 * Job activation long-polls wait up to a minute holding no connection; counting them as in
 * flight would let idle workers shed real commands. They are still refused when over capacity.
 */
const UNCOUNTED = new Set(['/v2/jobs/activation']);

/**
 * Load shedding: a new `/v2` request that finds this replica over capacity is answered at once
 * with `429 Too Many Requests`, a `Retry-After` header and a problem body, instead of queueing
 * behind the work it would only slow down. Two signals, either one sheds:
 *
 * - requests in flight on this replica (`OSPREY_MAX_IN_FLIGHT_REQUESTS`): known exactly, with no
 *   sampling, and bounds memory and event-loop work;
 * - transactions waiting for a database connection (`OSPREY_MAX_DB_WAITING`: the `pg` pool's own
 *   queue, and the groups that queued job answers and starts will make): the first thing to grow
 *   when PostgreSQL is the bottleneck, which it is for commands.
 *
 * The check runs in Fastify's `onRequest` hook, before the body is read or the caller is
 * authenticated, so a shed request costs next to nothing; a request counts as in flight from
 * when its body has arrived (`preValidation`), so stalled uploads cannot fill the limit. Health probes, `/metrics` and the web
 * app are never shed, and a request that was let in always runs to its end.
 */
@Injectable()
export class LoadShedder implements OnModuleInit {
  private inFlight = 0;
  private readonly pool?: { readonly waitingCount: number };
  private readonly shed: Counter<'reason'>;

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(ENGINE) private readonly engine: OspreyEngine,
    @Inject(EngineMetrics) metrics: EngineMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    // TypeORM's postgres driver keeps the pg Pool of a server database in `master`; the embedded
    // database has none and is shed on requests in flight alone.
    const master = (engine.db.dataSource.driver as { master?: { waitingCount?: unknown } }).master;
    if (typeof master?.waitingCount === 'number') this.pool = master as { waitingCount: number };
    this.shed = new Counter({
      name: 'osprey_http_requests_shed_total',
      help: 'Requests refused with 429 because this replica was over capacity, by reason (in_flight, db_waiting).',
      labelNames: ['reason'],
      registers: [metrics.registry],
    });
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // Refused at once when already over capacity, before the body is read…
    fastify.addHook('onRequest', async (request, reply) => {
      if (!request.url.startsWith('/v2/')) return;
      const reason = this.overCapacity();
      if (reason) return this.refuse(request, reply, reason);
    });
    // …but counted only once its body has arrived: a client that sends headers and then stalls
    // holds a socket (until the receive deadline), never a place in flight.
    fastify.addHook('preValidation', async (request, reply) => {
      if (!request.url.startsWith('/v2/')) return;
      const reason = this.overCapacity();
      if (reason) return this.refuse(request, reply, reason);
      if (UNCOUNTED.has(request.url.split('?')[0]!)) return;
      this.inFlight++;
      let released = false;
      // `close` fires once the response is sent or the client went away, whichever comes first.
      reply.raw.once('close', () => {
        if (!released) this.inFlight--;
        released = true;
      });
    });
  }

  private overCapacity(): ShedReason | undefined {
    const { maxInFlightRequests, maxDbWaiting } = this.config.limits;
    if (maxInFlightRequests > 0 && this.inFlight >= maxInFlightRequests) return 'in_flight';
    // Commands queued for a group's transaction (ADR 0034) wait for the database as well, each
    // group of them for one connection.
    if (maxDbWaiting > 0 && this.pool && this.pool.waitingCount + this.engine.queuedTransactions() >= maxDbWaiting) return 'db_waiting';
    return undefined;
  }

  private refuse(request: FastifyRequest, reply: FastifyReply, reason: ShedReason): FastifyReply {
    this.shed.inc({ reason });
    this.logger.debug({ method: request.method, url: request.url, reason, inFlight: this.inFlight }, 'request shed');
    const retryAfter = this.config.limits.shedRetryAfterSeconds;
    const problem: Problem = {
      type: 'about:blank',
      title: 'RESOURCE_EXHAUSTED',
      status: 429,
      detail:
        reason === 'in_flight'
          ? `Expected fewer than ${this.config.limits.maxInFlightRequests} requests in flight on this engine, but it is at the limit; retry after ${retryAfter} s`
          : `Expected fewer than ${this.config.limits.maxDbWaiting} transactions waiting for a database connection, but the queue is at the limit; retry after ${retryAfter} s`,
      instance: request.url.split('?')[0]!,
    };
    return reply.code(429).header('retry-after', String(retryAfter)).header('content-type', 'application/problem+json').send(problem);
  }
}
