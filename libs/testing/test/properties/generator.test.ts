/**
 * The random process generator: deterministic per seed, always a process Osprey compiles, and
 * with `isolateChoices` no choice left in the scope of a parallel join.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileOrThrow } from '@osprey/bpmn';
import {
  flattenProcess,
  Prng,
  randomProcessTree,
  renderZeebeXml,
  type ProcessNode,
  type TreeOptions,
} from '../../src';

const SEEDS = Array.from({ length: 200 }, (_, i) => 1000 + i);

function xmlFor(seed: number, options: TreeOptions = {}): string {
  return renderZeebeXml(flattenProcess(`p${seed}`, randomProcessTree(new Prng(seed), options)));
}

test('given the same seed, when a process is generated twice, then both are the same XML', () => {
  for (const seed of SEEDS.slice(0, 20)) assert.equal(xmlFor(seed), xmlFor(seed));
  assert.notEqual(xmlFor(1), xmlFor(2));
});

test('given any seed, when the process is compiled, then Osprey accepts it without problems', async () => {
  for (const seed of SEEDS.slice(0, 100)) {
    const [graph] = await compileOrThrow(xmlFor(seed, { work: ['user', 'service'] }));
    assert.equal(graph?.processId, `p${seed}`);
  }
});

test('given isolateChoices, when processes are generated, then every choice is the only content of a sub-process', () => {
  const check = (node: ProcessNode, wrapped: boolean): void => {
    switch (node.kind) {
      case 'sequence':
        return node.items.forEach((n) => check(n, wrapped && node.items.length === 1));
      case 'subProcess':
        return check(node.body, true);
      case 'parallel':
        return node.branches.forEach((b) => check(b, false));
      case 'exclusive':
      case 'inclusive':
        assert.ok(wrapped, `Expected ${node.id} alone in a sub-process`);
        return node.branches.forEach((b) => check(b.body, false));
      case 'task':
        if (node.boundaries.some((b) => b.interrupting))
          assert.ok(wrapped, `Expected ${node.id} alone in a sub-process`);
        return node.boundaries.forEach((b) => check(b.path, false));
    }
  };
  for (const seed of SEEDS) check(randomProcessTree(new Prng(seed), { isolateChoices: true }), false);
});

test('given options that leave constructs out, when processes are generated, then none of them appears', () => {
  for (const seed of SEEDS) {
    const xml = xmlFor(seed, { inclusive: false, errors: false, boundaryTriggers: [] });
    assert.doesNotMatch(xml, /inclusiveGateway|errorEventDefinition|boundaryEvent/);
  }
});
