import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PartitionOffsets } from '../../src/worker/partition-offsets';

describe('PartitionOffsets', () => {
  it('commits past a job only when every older job is done', () => {
    // given three jobs in flight
    const offsets = new PartitionOffsets();
    offsets.begin('10');
    offsets.begin('11');
    offsets.begin('12');
    // when the newer ones finish first, nothing can be committed
    assert.equal(offsets.finish('12'), undefined);
    assert.equal(offsets.finish('11'), undefined);
    // then the oldest finishing commits past all three
    assert.equal(offsets.finish('10'), '13');
  });

  it('commits up to the oldest job still in flight', () => {
    const offsets = new PartitionOffsets();
    offsets.begin('5');
    offsets.begin('6');
    assert.equal(offsets.finish('5'), '6');
    offsets.begin('7');
    assert.equal(offsets.finish('7'), undefined);
    assert.equal(offsets.finish('6'), '8');
  });

  it('never moves backwards, even when a finished offset is reported again', () => {
    const offsets = new PartitionOffsets();
    offsets.begin('1');
    assert.equal(offsets.finish('1'), '2');
    assert.equal(offsets.finish('1'), undefined);
  });
});
