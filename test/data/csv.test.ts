import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HepmlError } from '../../lib/errors';
import { fromCSV, loadCSV } from '../../lib/data/csv';

const HIGGS = join(__dirname, '../../../shared/data/higgsml/atlas-higgs-v2-sample200.csv');
const SHIP_HEADER = 'Mother Total Momentum (GeV/c), Mother Transverse Momentum (GeV/c), Mother Fraction of Transverse Momentum, Opening Angle (rad), Impact Parameter (cm), Daughter1 Total Momentum (GeV/c), Daughter1 Transverse Momentum (GeV/c), Daughter1 Fraction of Transverse Momentum, Daughter2 Total Momentum (GeV/c), Daughter2 Transverse Momentum (GeV/c), Daughter2 Fraction of Transverse Momentum, Decay Z (cm), Decay X (cm), Decay Y (cm), DOCA (cm), Invariant Mass (GeV/c^2), Good Reco, Event Type';

describe('data/csv', () => {
  it('reads the HiggsML sample: 200 rows, 35 columns, -999 sentinels, s/b and KaggleSet categories', async function () {
    if (!existsSync(HIGGS)) { console.log(`      (skipped: ${HIGGS} not found)`); this.skip(); }
    const t = await loadCSV(HIGGS);
    assert.equal(t.rows, 200);
    assert.equal(t.schema.length, 35);
    assert.equal(t.schema[0].name, 'EventId');
    assert.ok(t.columns.EventId instanceof Int32Array);
    assert.equal(t.columns.EventId[0], 100000);
    assert.equal(t.columns.EventId[199], 100199);
    assert.ok(t.columns.DER_mass_MMC instanceof Float32Array);
    assert.equal(t.columns.DER_mass_MMC[0], Math.fround(138.47));
    const label = t.schema.find((c) => c.name === 'Label')!;
    assert.deepEqual(label.categories, ['s', 'b']);
    assert.equal(t.columns.Label[0], 0); // 's' is the first value seen
    assert.deepEqual(t.schema.find((c) => c.name === 'KaggleSet')!.categories!.includes('t'), true);
    // slow obvious check of every numeric cell against a naive split of the file
    const lines = readFileSync(HIGGS, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const names = t.schema.map((c) => c.name);
    let sentinels = 0;
    lines.forEach((f, i) => names.forEach((n, j) => {
      if (t.schema[j].categories) assert.equal(t.schema[j].categories![t.columns[n][i]], f[j]);
      else assert.equal(t.columns[n][i], Math.fround(Number(f[j])), `${n} row ${i}`);
      if (f[j] === '-999.0') sentinels++;
    }));
    assert.ok(sentinels > 100);
    // PRI_jet_num drives the -999 pattern: jets absent -> leading jet pt is -999
    for (let i = 0; i < 200; i++) if (t.columns.PRI_jet_num[i] === 0) assert.equal(t.columns.PRI_jet_leading_pt[i], -999);
  });

  it('reads SHiP .dat files: ", " separators, spaces and units in names', () => {
    const text = `${SHIP_HEADER}\n22.543477, 0.443479, 0.019672, 0.059032, 2.227704, 13.576655, 0.344095, 0.025345, 8.976036, 0.411043, 0.045793, -537.318654, 131.825641, 21.826524, 0.110174, 0.696352, 1, 1\n`;
    const t = fromCSV(text, { float64: true });
    assert.equal(t.schema.length, 18);
    assert.equal(t.schema[0].name, 'Mother Total Momentum (GeV/c)');
    assert.equal(t.schema[14].name, 'DOCA (cm)');
    assert.equal(t.columns['Decay Z (cm)'][0], -537.318654);
    assert.equal(t.columns['Event Type'][0], 1);
  });

  it('streams across chunk boundaries, honours columns/limit, quotes and CRLF', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hepml-csv-'));
    const rows = Array.from({ length: 300000 }, (_, i) => `${i},${(i * 0.25).toFixed(2)},"x,${i % 3}"`);
    const p = join(dir, 'big.csv');
    writeFileSync(p, `id,v,tag\r\n${rows.join('\r\n')}\r\n`);
    const t = await loadCSV(p, { columns: ['v', 'tag', 'id'] });
    assert.equal(t.rows, 300000);
    assert.deepEqual(Object.keys(t.columns), ['v', 'tag', 'id']);
    assert.equal(t.columns.id[299999], 299999);
    assert.equal(t.columns.v[123457], Math.fround(123457 * 0.25));
    assert.deepEqual(t.schema[1].categories, ['x,0', 'x,1', 'x,2']);
    assert.equal(t.columns.tag[5], 2);
    const l = await loadCSV(p, { limit: 10 });
    assert.equal(l.rows, 10);
    rmSync(dir, { recursive: true });
  });

  it('refuses bad input naming the file, the line and the column', async () => {
    assert.throws(() => fromCSV('a,b\n1,2\n3\n', { name: 'x.csv' }), (e: unknown) => e instanceof HepmlError && /x\.csv: expected 2 fields on line 3, found 1/.test(e.message));
    assert.throws(() => fromCSV('a,b\n1,2\nfoo,3\n', { name: 'x.csv' }), (e: unknown) => e instanceof HepmlError && /column "a" on line 3, found "foo"/.test(e.message));
    assert.throws(() => fromCSV('a,b\n1,2\n', { columns: ['c'], name: 'x.csv' }), (e: unknown) => e instanceof HepmlError && /column "c"/.test(e.message));
    await assert.rejects(loadCSV('/nonexistent/q.csv'), (e: unknown) => e instanceof HepmlError && /q\.csv.*ENOENT/.test(e.message));
    const t = fromCSV('a\nnan\n-inf\n\n');
    assert.ok(Number.isNaN(t.columns.a[0]));
    assert.equal(t.columns.a[1], -Infinity);
  });
});
