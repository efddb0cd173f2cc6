import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addDuration,
  firstTimerStartDue,
  nextCycleDue,
  parseCycle,
  parseIsoDuration,
  scheduleCycle,
  scheduleDate,
  scheduleDuration,
} from '../../src';

const NOW = Date.parse('2026-01-31T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const value = <T>(o: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!o.ok) throw new Error(o.message);
  return o.value;
};

describe('ISO 8601 durations', () => {
  it('parses days, hours, fractions and weeks', () => {
    assert.equal(addDuration(NOW, parseIsoDuration('P1DT2H')!), Date.parse('2026-02-01T12:00:00Z'));
    assert.equal(addDuration(NOW, parseIsoDuration('PT0.5S')!), NOW + 500);
    assert.equal(addDuration(NOW, parseIsoDuration('P2W')!), Date.parse('2026-02-14T10:00:00Z'));
    assert.equal(addDuration(NOW, parseIsoDuration('PT1H30M')!), NOW + 90 * 60_000);
    // Java's parsers, which Camunda 8 uses, ignore case; Camunda's own fixtures write `PT30s`.
    assert.equal(addDuration(NOW, parseIsoDuration('PT30s')!), NOW + 30_000);
    assert.equal(addDuration(NOW, parseIsoDuration('p1dt2h')!), NOW + 26 * 3_600_000);
  });

  it('adds months on the calendar, clamping to the end of the month', () => {
    assert.equal(iso(addDuration(NOW, parseIsoDuration('P1M')!)), '2026-02-28T10:00:00.000Z');
    assert.equal(iso(addDuration(NOW, parseIsoDuration('P1Y1M')!)), '2027-02-28T10:00:00.000Z');
  });

  it('refuses what is not a duration', () => {
    for (const s of ['P', 'PT', '1H', 'PT1X', 'P1.5D', '']) assert.equal(parseIsoDuration(s), undefined, s);
  });
});

describe('timer schedules', () => {
  it('timeDate: fires at the instant; without an offset the time is UTC', () => {
    assert.equal(
      value(scheduleDate('2026-02-01T08:00:00+01:00')).dueDate,
      Date.parse('2026-02-01T07:00:00Z'),
    );
    assert.equal(value(scheduleDate('2026-02-01T08:00:00')).dueDate, Date.parse('2026-02-01T08:00:00Z'));
    assert.equal(
      iso(value(scheduleDate('2026-07-01T08:00:00@Europe/Paris')).dueDate),
      '2026-07-01T06:00:00.000Z',
    );
    assert.equal(scheduleDate('tomorrow').ok, false);
  });

  it('timeDuration: fires once, the duration after now', () => {
    assert.deepEqual(value(scheduleDuration('PT15M', NOW)), { dueDate: NOW + 15 * 60_000, repetitions: 1 });
    assert.equal(scheduleDuration('15 minutes', NOW).ok, false);
  });

  it('timeCycle R3/PT1H: three firings an hour apart', () => {
    const first = value(scheduleCycle('R3/PT1H', NOW));
    assert.deepEqual(first, { dueDate: NOW + 3_600_000, repetitions: 3, interval: 'R3/PT1H' });
    const second = value(nextCycleDue(first, first.dueDate))!;
    assert.equal(second.dueDate, NOW + 2 * 3_600_000);
    assert.equal(second.repetitions, 2);
    const third = value(nextCycleDue(second, second.dueDate))!;
    assert.equal(third.repetitions, 1);
    assert.equal(value(nextCycleDue(third, third.dueDate)), undefined);
  });

  it('timeCycle R/start/duration: unbounded, first firing at the start', () => {
    const s = value(scheduleCycle('R/2026-02-01T00:00:00Z/P1D', NOW));
    assert.equal(iso(s.dueDate), '2026-02-01T00:00:00.000Z');
    assert.equal(s.repetitions, -1);
    assert.equal(iso(value(nextCycleDue(s, s.dueDate))!.dueDate), '2026-02-02T00:00:00.000Z');
  });

  it('a cycle whose next firing is already past skips to one period after now', () => {
    const next = value(
      nextCycleDue({ interval: 'R/PT1H', repetitions: -1, dueDate: NOW }, NOW + 5 * 3_600_000 + 60_000),
    );
    assert.equal(next!.dueDate, NOW + 6 * 3_600_000 + 60_000);
  });

  it('cron with 6 fields (seconds first) and with 5 fields', () => {
    assert.equal(iso(value(scheduleCycle('0 0 9 * * MON-FRI', NOW)).dueDate), '2026-02-02T09:00:00.000Z');
    assert.equal(iso(value(scheduleCycle('*/15 * * * *', NOW)).dueDate), '2026-01-31T10:15:00.000Z');
    const c = value(scheduleCycle('0 0 12 * * ?', NOW));
    assert.equal(c.repetitions, -1);
    assert.equal(iso(value(nextCycleDue(c, c.dueDate))!.dueDate), '2026-02-01T12:00:00.000Z');
  });

  it('refuses malformed cycles with a readable message', () => {
    for (const s of ['R3', 'R0/PT1H', 'R/PT0S', 'every hour', 'R2/tomorrow/PT1H', '61 * * * *']) {
      const r = parseCycle(s);
      assert.equal(r.ok, false, s);
      assert.match((r as { message: string }).message, /^Expected/);
    }
  });

  it('firstTimerStartDue evaluates a timer start event', () => {
    const def = {
      id: 'nightly',
      type: 'startEvent' as const,
      scopeId: 'p',
      incoming: [],
      outgoing: [],
      boundaryEvents: [],
      inputs: [],
      outputs: [],
      taskHeaders: {},
      children: [],
      eventDefinition: {
        kind: 'timer' as const,
        timer: { timeCycle: { kind: 'feel' as const, source: '"0 0 2 * * *"' } },
      },
    };
    assert.equal(iso(value(firstTimerStartDue(def, NOW)).dueDate), '2026-02-01T02:00:00.000Z');
    assert.throws(() => firstTimerStartDue({ ...def, eventDefinition: { kind: 'none' } }, NOW));
  });
});
