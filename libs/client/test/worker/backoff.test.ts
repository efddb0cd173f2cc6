import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff } from '../../src/worker/backoff';

describe('Backoff', () => {
  it('doubles from 100 ms up to 5 s, jittered down by at most 20 %, and starts over after reset', () => {
    const backoff = new Backoff();
    const waits = Array.from({ length: 10 }, () => backoff.next());
    const bases = [100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000, 5000];
    waits.forEach((w, i) =>
      assert.ok(w >= bases[i] * 0.8 && w <= bases[i], `wait ${i}: ${w} ms for base ${bases[i]}`),
    );
    backoff.reset();
    assert.ok(backoff.next() <= 100);
  });
});
