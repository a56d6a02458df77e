import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset, HepmlError } from '../../lib';
import { SHIP_HNL_COLUMNS } from '../../lib/physics/gen/ship-hnl';

/** A small file in the real files' format: ", "-separated, spaces in the column names. */
function datFile(path: string, rows: number, base: number): void {
  const lines = [SHIP_HNL_COLUMNS.join(', ')];
  for (let r = 0; r < rows; r++) lines.push(SHIP_HNL_COLUMNS.map((_, j) => String(base + r + j / 100)).join(', '));
  writeFileSync(path, lines.join('\n') + '\n');
}

describe('data/ship-hnl from its two real files', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hepml-ship-'));
    datFile(join(dir, 'kinematic_variables_HNLtoPimu.dat'), 3, 100);
    datFile(join(dir, 'kinematic_variables_Back.dat'), 2, 200);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a folder holding both files: the class comes from the file', async () => {
    const ds = await loadDataset('ship-hnl', { path: dir });
    assert.deepEqual(Array.from(ds.labels!), [1, 1, 1, 0, 0]);
    assert.deepEqual(Array.from(ds.column('Mother Total Momentum (GeV/c)')), [100, 101, 102, 200, 201]);
  });

  it('the two paths, in either order', async () => {
    const ds = await loadDataset('ship-hnl', { path: [join(dir, 'kinematic_variables_Back.dat'), join(dir, 'kinematic_variables_HNLtoPimu.dat')] });
    assert.deepEqual(Array.from(ds.labels!), [0, 0, 1, 1, 1]);
  });

  it('the two paths as one comma-separated string (-p dataPath=a,b)', async () => {
    const ds = await loadDataset('ship-hnl', { path: `${join(dir, 'kinematic_variables_HNLtoPimu.dat')}, ${join(dir, 'kinematic_variables_Back.dat')}` });
    assert.deepEqual(Array.from(ds.labels!), [1, 1, 1, 0, 0]);
  });

  it('one file alone still loads with its class', async () => {
    const ds = await loadDataset('ship-hnl', { path: join(dir, 'kinematic_variables_Back.dat') });
    assert.deepEqual(Array.from(ds.labels!), [0, 0]);
  });

  it('a folder missing a file names it', async () => {
    const half = mkdtempSync(join(tmpdir(), 'hepml-ship-half-'));
    try {
      datFile(join(half, 'kinematic_variables_Back.dat'), 2, 0);
      await assert.rejects(loadDataset('ship-hnl', { path: half }), (e: Error) => e instanceof HepmlError && /kinematic_variables_HNLtoPimu\.dat/.test(e.message));
    } finally {
      rmSync(half, { recursive: true, force: true });
    }
  });
});
