import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GraphCache, type ProcessGraph } from '../src';

const graph = (processId: string): ProcessGraph => ({
  processId,
  elements: new Map(),
  flows: new Map(),
  startEvents: { message: [], timer: [], signal: [] },
  linkTargets: new Map(),
});

describe('GraphCache', () => {
  it('given a cache of two, when a third graph is stored, then the least recently used one is dropped', () => {
    // given
    const cache = new GraphCache({ maxEntries: 2 });
    cache.set('1', graph('a'));
    cache.set('2', graph('b'));
    // when key 1 is read (now the most recent) and key 3 stored
    assert.equal(cache.get('1')?.processId, 'a');
    cache.set('3', graph('c'));
    // then key 2 is gone
    assert.equal(cache.get('2'), undefined);
    assert.equal(cache.get('1')?.processId, 'a');
    assert.equal(cache.get('3')?.processId, 'c');
    assert.equal(cache.size, 2);
  });

  it('given the default cache, when 1,001 graphs are stored, then it keeps 1,000', () => {
    const cache = new GraphCache();
    for (let i = 0; i <= 1000; i++) cache.set(String(i), graph(`p${i}`));
    assert.equal(cache.size, 1000);
    assert.equal(cache.has('0'), false);
    assert.equal(cache.has('1000'), true);
  });

  it('given a stored key, when it is stored again, then the new graph replaces the old one', () => {
    const cache = new GraphCache();
    cache.set('1', graph('a'));
    cache.set('1', graph('b'));
    assert.equal(cache.size, 1);
    assert.equal(cache.get('1')?.processId, 'b');
  });
});
