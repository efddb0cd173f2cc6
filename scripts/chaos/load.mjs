// Bounded load for the fault tests and the soak: starters, REST workers, message publishers and a
// liveness prober. Each records exactly what the engine acknowledged (2xx), which is what the
// invariants later look for in the database.
import { Latencies, sleep } from '../bench/stats.mjs';
import { call, StatusCounts } from './http.mjs';

/** The engine (or engines) load goes to; a getter so a restarted or replaced engine is picked up. */
const pick = (engines, n) => engines[n % engines.length];

/**
 * Starts instances of `processId` from `concurrency` loops, each pausing `pauseMs` between
 * starts (the bound on the load). Every start carries its own `operationReference`; a start that
 * got no answer or a 5xx/429 is retried with the same reference until it is acknowledged or the
 * starter stops, so a retry never makes a second instance.
 */
export class Starter {
  constructor({ engines, key, processId, concurrency = 4, pauseMs = 50, variables = () => ({}), tenantId, label = 's', limit = Infinity }) {
    Object.assign(this, { engines, key, processId, concurrency, pauseMs, variables, tenantId, label, limit });
    /** Acknowledged starts: `{ ref, key, requestId }`. */
    this.acked = [];
    this.statuses = new StatusCounts();
    this.latency = new Latencies();
    this.windowLatency = new Latencies();
    this.n = 0;
    this.running = false;
    this.firstUnexpected = null;
  }

  start() {
    this.running = true;
    this.loops = Promise.all(Array.from({ length: this.concurrency }, (_, i) => this.loop(i)));
    return this;
  }

  async loop(i) {
    while (this.running && this.n < this.limit) {
      const ref = `${this.label}-${process.pid}-${this.n++}`;
      let attempt = 0;
      while (this.running) {
        const engine = pick(this.engines(), i + attempt++);
        const res = await call(engine.url, 'POST', '/v2/process-instances', {
          key: this.key,
          body: { processDefinitionId: this.processId, operationReference: ref, variables: { ref, ...this.variables(ref) }, tenantId: this.tenantId },
        });
        this.statuses.add(res.status);
        if (res.status === 200) {
          this.acked.push({ ref, key: res.body.processInstanceKey, requestId: res.requestId, ms: res.ms });
          this.latency.add(res.ms);
          this.windowLatency.add(res.ms);
          break;
        }
        if (res.status >= 400 && res.status < 500 && res.status !== 429 && res.status !== 408) {
          this.firstUnexpected ??= `${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
          break;
        }
        await sleep(200);
      }
      await sleep(this.pauseMs);
    }
  }

  async stop() {
    this.running = false;
    await this.loops;
  }

  /** Latency of the starts since the last call, then a fresh window. */
  takeWindow() {
    const s = this.windowLatency.summary();
    this.windowLatency = new Latencies();
    return s;
  }
}

/**
 * REST job workers: `concurrency` loops long-polling `POST /v2/jobs/activation` and completing
 * every job with its attempt number. `handle(job)` may delay (to outlive a lease) or return
 * `'drop'` to abandon the job as a dead worker would.
 */
export class Workers {
  constructor({ engines, key, type, concurrency = 2, leaseMs = 30_000, handle = async () => undefined, variables = () => ({}), onComplete }) {
    Object.assign(this, { engines, key, type, concurrency, leaseMs, handle, variables, onComplete });
    /** Acknowledged completions: `{ jobKey, attempt, requestId, processInstanceKey }`. */
    this.acked = [];
    this.activations = 0;
    this.refused = 0;
    this.statuses = new StatusCounts();
    this.running = false;
  }

  start() {
    this.running = true;
    this.loops = Promise.all(Array.from({ length: this.concurrency }, (_, i) => this.loop(i)));
    return this;
  }

  async loop(i) {
    let turn = i;
    while (this.running) {
      const engine = pick(this.engines(), turn++);
      const res = await call(engine.url, 'POST', '/v2/jobs/activation', {
        key: this.key,
        body: { type: this.type, worker: `chaos-${i}`, timeout: this.leaseMs, maxJobsToActivate: 8, requestTimeout: 1_000 },
        timeoutMs: 10_000,
      });
      if (res.status !== 200) {
        await sleep(200);
        continue;
      }
      for (const job of res.body.jobs) {
        this.activations++;
        if ((await this.handle(job)) === 'drop') continue;
        await this.complete(job, i);
      }
    }
  }

  /** Completes one job, retrying a completion that got no answer (it may have committed). */
  async complete(job, i) {
    // After an unanswered attempt, a refusal may mean the first attempt committed: the job's
    // follow-up (onComplete) still runs, as a real worker's would.
    let uncertain = false;
    for (let attempt = 0; attempt < 50; attempt++) {
      const engine = pick(this.engines(), i + attempt);
      const res = await call(engine.url, 'POST', `/v2/jobs/${job.jobKey}/completion`, {
        key: this.key,
        body: { variables: this.variables(job), attempt: job.attempt },
      });
      this.statuses.add(res.status);
      if (res.status === 204) {
        this.acked.push({ jobKey: job.jobKey, attempt: job.attempt, requestId: res.requestId, processInstanceKey: job.processInstanceKey, ref: job.variables?.ref });
        this.onComplete?.(job);
        return true;
      }
      if (res.status >= 400 && res.status < 500 && res.status !== 429 && res.status !== 408) {
        this.refused++;
        if (uncertain) this.onComplete?.(job);
        return false;
      }
      uncertain = true;
      if (!this.running && attempt > 5) return false;
      await sleep(200);
    }
    return false;
  }

  async stop() {
    this.running = false;
    await this.loops;
  }
}

/**
 * Probes `GET /health/live` every 50 ms as a legitimate client would, measuring how long the
 * engine takes to answer: a blocked event loop shows up here at once.
 */
export class Prober {
  constructor(engine, intervalMs = 50) {
    this.engine = engine;
    this.intervalMs = intervalMs;
    this.latency = new Latencies();
    this.failures = 0;
  }

  start() {
    this.running = true;
    this.done = (async () => {
      while (this.running) {
        const res = await call(this.engine.url, 'GET', '/health/live', { timeoutMs: 5_000 });
        if (res.status === 200) this.latency.add(res.ms);
        else this.failures++;
        await sleep(this.intervalMs);
      }
    })();
    return this;
  }

  async stop() {
    this.running = false;
    await this.done;
    return { ...this.latency.summary(), failures: this.failures };
  }
}
