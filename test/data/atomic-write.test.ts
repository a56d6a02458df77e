/**
 * lib/data/atomic-write: the one crash-safe write of the project (temporary dot file, fsync, rename).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic, writeFileDurable } from '../../lib/data';

describe('writeFileAtomic', () => {
  let dir = '';
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'hepml-atomic-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes text and bytes, replaces an old file, and leaves no temporary file', () => {
    const target = join(dir, 'a.json');
    writeFileAtomic(target, '{"v":1}\n');
    writeFileAtomic(target, Uint8Array.of(0x7b, 0x7d));
    assert.equal(readFileSync(target, 'utf8'), '{}');
    assert.deepEqual(readdirSync(dir), ['a.json']);
  });

  it('a crash before the rename leaves the old file whole and no temp file', () => {
    const target = join(dir, 'leaderboard.md');
    writeFileSync(target, 'OLD BOARD\n');
    let tmpSeen = '';
    assert.throws(() => writeFileAtomic(target, 'NEW '.repeat(100000), (tmp) => { tmpSeen = tmp; throw new Error('power cut'); }), /power cut/);
    assert.equal(readFileSync(target, 'utf8'), 'OLD BOARD\n');
    assert.deepEqual(readdirSync(dir), ['leaderboard.md']);
    assert.match(tmpSeen.slice(dir.length + 1), /^\.leaderboard\.md\.tmp-/, 'the temporary file is a dot file in the same folder');
  });

  it('fails on a missing folder and leaves nothing behind', () => {
    assert.throws(() => writeFileAtomic(join(dir, 'no', 'x.txt'), 'x'), /ENOENT/);
    assert.deepEqual(readdirSync(dir), []);
  });

  it("writeFileDurable 'wx' refuses an existing file (locks)", () => {
    writeFileDurable(join(dir, 'lock'), '1', 'wx');
    assert.throws(() => writeFileDurable(join(dir, 'lock'), '2', 'wx'), /EEXIST/);
    assert.equal(readFileSync(join(dir, 'lock'), 'utf8'), '1');
  });
});
