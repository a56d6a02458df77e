import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HepmlError } from '../../lib/errors';
import { loadRoot, fromRoot, rootInfo } from '../../lib/data/root';

const DATA = join(__dirname, '../../../shared/data/root');
const WW = join(DATA, 'dataWW_d1_slice10k.root');
const HZZ = ['uproot-HZZ.root', 'uproot-HZZ-zlib.root', 'uproot-HZZ-uncompressed.root'].map((f) => join(DATA, f));
const WW_BRANCHES = ['index', 'eventNumber', 'label', 'met_et', 'met_phi', 'lep_n', 'lep_pt_0', 'lep_pt_1', 'lep_eta_0', 'lep_eta_1', 'lep_phi_0', 'lep_phi_1', 'lep_E_0', 'lep_E_1', 'lep_charge_0', 'lep_charge_1', 'lep_type_0', 'lep_type_1', 'jet_n', 'jet_pt_0', 'jet_pt_1', 'jet_eta_0', 'jet_eta_1', 'jet_phi_0', 'jet_phi_1', 'jet_E_0', 'jet_E_1', 'mcWeight', 'runNumber', 'channelNumber'];

const sum = (a: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s; };
const isHepml = (pattern: RegExp) => (e: unknown) => e instanceof HepmlError && pattern.test(e.message);

describe('data/root', function () {
  before(function () {
    if (!existsSync(WW) || !HZZ.every(existsSync)) {
      console.log(`      (skipped: real ROOT files not found under ${DATA})`);
      this.skip();
    }
  });

  it('reads the WW slice: 30 branches in file order, 10,000 entries, index 590000..599999, sum(label) = 6632', async () => {
    const ww = await loadRoot(WW);
    assert.equal(ww.tree, 'tree_event');
    assert.equal(ww.entries, 10000);
    assert.deepEqual(Object.keys(ww.columns), WW_BRANCHES);
    const index = ww.columns.index;
    for (let i = 0; i < 10000; i++) if (index[i] !== 590000 + i) assert.fail(`index[${i}] = ${index[i]}`);
    assert.equal(sum(ww.columns.label), 6632);
    assert.equal(ww.branches.find((b) => b.name === 'met_et')!.dtype, 'float64');
    assert.equal(ww.branches.find((b) => b.name === 'label')!.dtype, 'int64');
    // physics sanity: lepton pT in GeV, energies in MeV (the real file's mixed units), jets -7 when absent
    const pt0 = ww.columns.lep_pt_0, e0 = ww.columns.lep_E_0, jn = ww.columns.jet_n, jpt = ww.columns.jet_pt_0;
    for (let i = 0; i < 100; i++) {
      assert.ok(e0[i] > pt0[i] * 500, `lep_E_0 in MeV vs lep_pt_0 in GeV at ${i}`);
      if (jn[i] === 0) assert.equal(jpt[i], -7);
    }
  });

  it('branch selection and entry ranges give the same values as a full read', async () => {
    const full = await loadRoot(WW);
    const part = await loadRoot(WW, { branches: ['met_et', 'index'], start: 1234, stop: 5678 });
    assert.deepEqual(Object.keys(part.columns), ['met_et', 'index']);
    assert.equal(part.entries, 5678 - 1234);
    assert.deepEqual(part.columns.met_et, full.columns.met_et.slice(1234, 5678));
    assert.equal(part.columns.index[0], 591234);
  });

  it('every compression variant of HZZ gives identical arrays, flat and jagged', async () => {
    const [a, b, c] = await Promise.all(HZZ.map((f) => loadRoot(f)));
    assert.equal(a.entries, 2421);
    for (const other of [b, c]) {
      assert.deepEqual(Object.keys(other.columns), Object.keys(a.columns));
      for (const k of Object.keys(a.columns)) assert.deepEqual(other.columns[k], a.columns[k], k);
      for (const k of Object.keys(a.jagged)) {
        assert.deepEqual(other.jagged[k].offsets, a.jagged[k].offsets, k);
        assert.deepEqual(other.jagged[k].values, a.jagged[k].values, k);
      }
    }
    // jagged offsets agree with the count branch
    const n = a.columns.NJet, off = a.jagged.Jet_Px.offsets;
    for (let i = 0; i < a.entries; i++) assert.equal(off[i + 1] - off[i], n[i]);
    assert.equal(a.jagged.Jet_Px.values.length, sum(n));
    assert.ok(a.jagged.Jet_Px.values instanceof Float32Array);
    assert.ok(a.jagged.Jet_ID.values instanceof Uint8Array);
  });

  it('the fast basket path gives exactly the jsroot values: every branch, every file, ranges across baskets, from bytes', async () => {
    const same = (a: Awaited<ReturnType<typeof loadRoot>>, b: Awaited<ReturnType<typeof loadRoot>>, what: string) => {
      assert.deepEqual(Object.keys(a.columns), Object.keys(b.columns), what);
      for (const k of Object.keys(b.columns)) {
        assert.equal(a.columns[k].constructor, b.columns[k].constructor, `${what} ${k}`);
        assert.deepEqual(a.columns[k], b.columns[k], `${what} ${k}`);
      }
      for (const k of Object.keys(b.jagged)) assert.deepEqual(a.jagged[k], b.jagged[k], `${what} ${k}`);
    };
    for (const f of [WW, ...HZZ]) {
      same(await loadRoot(f), await loadRoot(f, { fast: false }), f);
      same(await loadRoot(f, { start: 7, stop: 2001 }), await loadRoot(f, { start: 7, stop: 2001, fast: false }), `${f} [7, 2001)`);
    }
    same(await fromRoot(readFileSync(WW), { start: 9000 }), await loadRoot(WW, { start: 9000, fast: false }), 'bytes');
  });

  it('reads from bytes and lists trees', async () => {
    const r = await fromRoot(readFileSync(HZZ[0]), { branches: ['Muon_Px'], stop: 10 });
    assert.equal(r.entries, 10);
    assert.equal(r.jagged.Muon_Px.offsets.length, 11);
    const info = await rootInfo(HZZ[1]);
    assert.equal(info.length, 1);
    assert.equal(info[0].name, 'events');
    assert.equal(info[0].entries, 2421);
    assert.equal(info[0].branches.find((b) => b.name === 'Jet_Px')!.count, 'NJet');
  });

  describe('bad input', () => {
    let dir: string;
    before(() => { dir = mkdtempSync(join(tmpdir(), 'hepml-root-')); });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('a missing tree or branch lists what exists', async () => {
      await assert.rejects(loadRoot(WW, { tree: 'nope' }), isHepml(/tree "nope".*tree_event/));
      await assert.rejects(loadRoot(WW, { branches: ['lep_pt_2'] }), isHepml(/branch "lep_pt_2".*lep_pt_0/));
      await assert.rejects(loadRoot(WW, { start: 5, stop: 2 }), isHepml(/start/));
    });
    it('a truncated file names the file and says truncated', async () => {
      const bytes = readFileSync(WW);
      for (const size of [100, 400000, bytes.length - 10]) {
        const p = join(dir, `trunc${size}.root`);
        writeFileSync(p, bytes.subarray(0, size));
        await assert.rejects(loadRoot(p), isHepml(new RegExp(`trunc${size}\\.root.*(truncated|corrupt)`)));
      }
    });
    it('a corrupt file (garbage in the baskets, or not ROOT at all) is refused', async () => {
      const bytes = Buffer.from(readFileSync(WW));
      for (let i = 300000; i < 700000; i += 997) bytes[i] ^= 0x5a;
      const p = join(dir, 'corrupt.root');
      writeFileSync(p, bytes);
      await assert.rejects(loadRoot(p), isHepml(/corrupt\.root/));
      const q = join(dir, 'text.root');
      writeFileSync(q, 'not a root file at all');
      await assert.rejects(loadRoot(q), isHepml(/text\.root: expected a ROOT file/));
      await assert.rejects(loadRoot(join(dir, 'missing.root')), isHepml(/missing\.root.*ENOENT/));
    });
  });
});
