import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { HepmlError } from '../../lib/errors';
import { parseShard, shardFiles } from '../../harness/run-all';

const NOTEBOOKS = Array.from({ length: 9 }, (_, i) => `notebooks/0${i + 1}-nb.ipynb`);

describe('harness/run-all shardFiles (hepml run --shard K/N)', () => {
  it('puts every notebook in exactly one shard, for every N from 1 to beyond the count', () => {
    for (let n = 1; n <= 12; n++) {
      const seen = new Map<string, number>();
      const sizes: number[] = [];
      for (let k = 1; k <= n; k++) {
        const part = shardFiles(NOTEBOOKS, { index: k, count: n });
        sizes.push(part.length);
        for (const f of part) seen.set(f, (seen.get(f) ?? 0) + 1);
      }
      assert.deepEqual([...seen.keys()].sort(), NOTEBOOKS, `N=${n}: union is the whole list`);
      assert.ok([...seen.values()].every((c) => c === 1), `N=${n}: no notebook twice`);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `N=${n}: balanced sizes ${sizes}`);
    }
  });

  it('is stable: independent of the order and duplicates of the input', () => {
    const shuffled = [...NOTEBOOKS].reverse().concat(NOTEBOOKS[3]);
    for (let k = 1; k <= 4; k++) assert.deepEqual(shardFiles(shuffled, { index: k, count: 4 }), shardFiles(NOTEBOOKS, { index: k, count: 4 }));
    assert.deepEqual(shardFiles(NOTEBOOKS, { index: 1, count: 4 }), ['notebooks/01-nb.ipynb', 'notebooks/05-nb.ipynb', 'notebooks/09-nb.ipynb']);
    assert.deepEqual(shardFiles(NOTEBOOKS, { index: 3, count: 3 }), ['notebooks/03-nb.ipynb', 'notebooks/06-nb.ipynb', 'notebooks/09-nb.ipynb']);
    assert.deepEqual(shardFiles(NOTEBOOKS, { index: 1, count: 1 }), NOTEBOOKS);
  });

  it('parses K/N and rejects bad shards with a message naming --shard', () => {
    assert.deepEqual(parseShard('2/3'), { index: 2, count: 3 });
    assert.deepEqual(parseShard(' 1 / 1 '), { index: 1, count: 1 });
    for (const bad of ['0/3', '4/3', '1/0', '0/0', '-1/3', '1.5/3', 'a/b', '2', '2/3/4', '', '1/-2']) {
      assert.throws(() => parseShard(bad), (e: unknown) => e instanceof HepmlError && /^--shard: expected/.test(e.message), bad);
    }
    assert.throws(() => parseShard('4/3'), /between 1 and 3/);
  });

  it('hepml run --shard rejects a bad value as a usage error (exit 2) before starting any kernel', function () {
    this.timeout(60000);
    const root = path.resolve(__dirname, '..', '..');
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'hepml.js'), 'run', '--shard', '5/4'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--shard: expected K between 1 and 4/);
  });
});
