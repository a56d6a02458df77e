import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command as data } from '../../harness/cli/data';
import { command as exp } from '../../harness/cli/export';
import { loadDataset } from '../../lib/data/registry';

describe('cli: hepml data synth / export', () => {
  let dir: string;
  const log = console.log;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'hepml-cli-')); console.log = () => undefined; });
  after(() => { console.log = log; rmSync(dir, { recursive: true, force: true }); });
  it('synth is deterministic and loadDataset reads it back', async () => {
    for (const f of ['a', 'b']) assert.equal(await data.run(['synth', 'higgsml', '--events', '300', '--seed', '9', '--out', join(dir, `${f}.npz`)]), 0);
    assert.deepEqual(readFileSync(join(dir, 'a.npz')), readFileSync(join(dir, 'b.npz')));
    const ds = await loadDataset('higgsml', { path: join(dir, 'a.npz') });
    assert.equal(ds.length, 300);
    assert.equal(ds.columnNames.length, 35);
  });
  it('export writes csv from an NPZ', async () => {
    await data.run(['synth', 'ship-hnl', '--events', '5', '--out', join(dir, 's.npz')]);
    assert.equal(await exp.run([join(dir, 's.npz'), '--columns', 'labels', '--format', 'csv', '--out', join(dir, 's.csv')]), 0);
    assert.equal(readFileSync(join(dir, 's.csv'), 'utf8').trim().split('\n').length, 6);
  });
});
