// Statement profiler, preloaded into the engine by `npm run bench -- --profile`
// (node --require). PostgreSQL's pg_stat_statements needs a server restart and a superuser, so
// instead every statement the engine sends through `pg` is counted and timed on the client side
// (call → result: network round trip + execution + any wait for a lock).
//
// SIGWINCH writes the tallies since the previous signal as JSON to OSPREY_BENCH_PROFILE_OUT and
// starts afresh, so the benchmark can bracket one phase. (Not SIGUSR2: Nest's shutdown hooks
// treat that as a stop signal. SIGWINCH is ignored by default, so it is harmless without us.)
'use strict';
const { writeFileSync } = require('node:fs');

const out = process.env.OSPREY_BENCH_PROFILE_OUT;
const pg = require(require.resolve('pg', { paths: [process.cwd()] }));
const tallies = new Map();

function record(text, started) {
  const key = text.replace(/\s+/g, ' ').trim();
  const t = tallies.get(key) ?? { count: 0, ms: 0, maxMs: 0 };
  const took = Number(process.hrtime.bigint() - started) / 1e6;
  t.count++;
  t.ms += took;
  t.maxMs = Math.max(t.maxMs, took);
  tallies.set(key, t);
}

const query = pg.Client.prototype.query;
pg.Client.prototype.query = function profiledQuery(config, values, callback) {
  const text = typeof config === 'string' ? config : config && config.text;
  if (!text) return query.apply(this, arguments);
  const started = process.hrtime.bigint();
  if (typeof values === 'function') {
    return query.call(this, config, function (...args) {
      record(text, started);
      return values.apply(this, args);
    });
  }
  if (typeof callback === 'function') {
    return query.call(this, config, values, function (...args) {
      record(text, started);
      return callback.apply(this, args);
    });
  }
  const result = query.apply(this, arguments);
  if (result && typeof result.then === 'function') {
    result.then(
      () => record(text, started),
      () => record(text, started),
    );
  }
  return result;
};

process.on('SIGWINCH', () => {
  if (out) writeFileSync(out, JSON.stringify([...tallies].map(([sql, t]) => ({ sql, ...t }))));
  tallies.clear();
});
