import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OffsetCommitter } from '../../src/worker/offset-committer';

const turn = () => new Promise((r) => setImmediate(r));

describe('OffsetCommitter', () => {
  it('keeps one commit in flight and sends only the newest position of each partition next', async () => {
    // given a commit under way
    const commits: { partition: number; offset: string }[][] = [];
    let finish = () => {};
    const committer = new OffsetCommitter(async (offsets) => {
      commits.push(offsets);
      await new Promise<void>((r) => (finish = r));
    });
    committer.set(0, '5');
    await turn();

    // when positions move on meanwhile
    committer.set(0, '6');
    committer.set(1, '3');
    committer.set(0, '9');
    await turn();
    assert.equal(commits.length, 1);
    finish();
    await turn();
    finish();
    await committer.flush();

    // then the second commit carries the newest of each
    assert.deepEqual(commits, [
      [{ partition: 0, offset: '5' }],
      [
        { partition: 0, offset: '9' },
        { partition: 1, offset: '3' },
      ],
    ]);
  });

  it('starts again for a position set after the last commit ended', async () => {
    const commits: string[] = [];
    const committer = new OffsetCommitter(async (offsets) => void commits.push(offsets[0].offset));
    committer.set(0, '1');
    await committer.flush();
    committer.set(0, '2');
    await committer.flush();
    assert.deepEqual(commits, ['1', '2']);
  });
});
