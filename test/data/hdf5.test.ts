import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HepmlError } from '../../lib/errors';
import { loadHdf5, fromHdf5, hdf5Info, loadHdf5Dataset, utf8Name } from '../../lib/data/hdf5';
import { pickledNames, decodeStats } from '../../lib/data/hdf5-decode';
import { hasPython, python } from './python';
import { readManifestFile } from '../../lib/data/readers';
import type { Manifest, ManifestFile } from '../../lib/data/manifest';

const FIX = join(__dirname, 'fixtures');
// The frame written by fixtures/make_h5.py (stored here so the test asserts without Python).
const N = 7;
const i = Array.from({ length: N }, (_, k) => k);
const EXPECTED: Record<string, number[]> = {
  E_0: i.map((k) => Math.fround(k * 1.5 + 0.25)),
  PX_0: i.map((k) => Math.fround(0 - k * 0.5)),
  truthE: i.map((k) => Math.fround(k * 100.125)),
  weight: i.map((k) => k / 3),
  ttv: i.map((k) => k % 3),
  is_signal_new: i.map((k) => k % 2),
};
/** Writes frames of every column kind with pandas and prints pandas' own read-back as exact bits (JSON). */
const BITS_PY = String.raw`import numpy as np, pandas as pd, sys, json
out = sys.argv[1]; n = 1003
rng = np.random.default_rng(7)
def f32():
    # random bit patterns: NaNs with payloads (quiet and signalling), subnormals, +-0, +-inf
    b = rng.integers(0, 2**32, n, dtype=np.uint64).astype(np.uint32)
    b[:6] = [0x7f800001, 0xffc00123, 0x80000000, 0x00000001, 0x7f800000, 0xff800000]
    return b.view(np.float32)
def f64():
    b = rng.integers(0, 2**63, n, dtype=np.int64).astype(np.uint64) * np.uint64(2) + rng.integers(0, 2, n).astype(np.uint64)
    b[:4] = [0x7ff0000000000001, 0xfff8000000000abc, 0x8000000000000000, 1]
    return b.view(np.float64)
cols = {}
for j in range(13):
    cols[f'f{j}'] = f32()
    if j == 2: cols['k0'] = rng.integers(-2**63, 2**63 - 1, n, dtype=np.int64)
    if j == 5: cols['d0'] = f64()
    if j == 7: cols['m0'] = rng.integers(-2**31, 2**31 - 1, n, dtype=np.int32)
cols['d1'] = f64()
k1 = rng.integers(-2**40, 2**40, n, dtype=np.int64); k1[:4] = [2**53 + 1, -2**63, 2**63 - 1, -(2**53) - 3]
cols['k1'] = k1
cols['u0'] = rng.integers(0, 2**32, n, dtype=np.uint64).astype(np.uint32)
a = pd.DataFrame(cols, index=np.arange(n, dtype=np.int64) * 3 - 1000)
a.to_hdf(f'{out}/words.h5', key='table', mode='w', format='table', complib='zlib', complevel=1)
a.to_hdf(f'{out}/words-fixed.h5', key='frame', mode='w', format='fixed')
words = ['yy', '', 'é', 'x' * 9, 'nan', 'a b']
b = pd.DataFrame({
    'h0': rng.integers(-2**15, 2**15, n, dtype=np.int16), 'e0': f32(), 's': [words[i % 6] for i in range(n)],
    'b8': rng.integers(-128, 128, n, dtype=np.int8), 'u8': rng.integers(0, 256, n, dtype=np.uint8),
    'flag': rng.integers(0, 2, n).astype(bool), 'g0': f64(), 't': [words[(i * 7) % 5] for i in range(n)], 'k2': rng.integers(-9, 9, n)},
    index=[f'r{i}' for i in range(n)])
b.to_hdf(f'{out}/mixed.h5', key='table', mode='w', format='table')
b[['s', 'e0']].to_hdf(f'{out}/mixed-fixed.h5', key='frame', mode='w', format='fixed')
e = pd.DataFrame({'x': np.ones(3, np.float32), 'y': np.ones(3, np.int64), 's': ['a', 'b', 'c']})
e.to_hdf(f'{out}/empty.h5', key='table', mode='w', format='table')  # pandas writes no empty table: drop its rows
import tables
with tables.open_file(f'{out}/empty.h5', 'a') as h: h.root.table.table.remove_rows(0, 3)
e.iloc[:0][['x', 'y']].to_hdf(f'{out}/empty-fixed.h5', key='frame', mode='w', format='fixed')
def dump(path, key):
    r = pd.read_hdf(path, key)
    d = {'__order': list(r.columns), '__index': [str(v) for v in r.index]}
    for c in r.columns:
        v = r[c].values
        if v.dtype == np.float32: d[c] = ['f4', v.view(np.uint32).tolist()]
        elif v.dtype == np.float64: d[c] = ['f8', [str(x) for x in v.view(np.uint64)]]
        elif v.dtype == object: d[c] = ['s', [str(x) for x in v]]
        else: d[c] = ['i', [str(int(x)) for x in v]]
    return d
with tables.open_file(f'{out}/words.h5') as h: chunk = int(h.root.table.table.chunkshape[0])
print(json.dumps({'chunk': chunk, 'words': dump(f'{out}/words.h5', 'table'), 'mixed': dump(f'{out}/mixed.h5', 'table'), 'empty': dump(f'{out}/empty.h5', 'table'), 'emptyFixed': dump(f'{out}/empty-fixed.h5', 'frame'), 'fixed': dump(f'{out}/words-fixed.h5', 'frame')}))
`;
const isHepml = (pattern: RegExp) => (e: unknown) => e instanceof HepmlError && pattern.test(e.message);

describe('data/hdf5', () => {
  it('reads the pandas fixed layout exactly (float32, float64, int64 and bool blocks)', async () => {
    const t = await loadHdf5(join(FIX, 'pandas-fixed.h5'));
    assert.equal(t.layout, 'fixed');
    assert.equal(t.key, 'frame');
    assert.deepEqual(Object.keys(t.columns), ['E_0', 'PX_0', 'truthE', 'weight', 'ttv', 'is_signal_new', 'flag']);
    for (const [k, v] of Object.entries(EXPECTED)) assert.deepEqual(Array.from(t.columns[k]), v, k);
    assert.deepEqual(Array.from(t.columns.flag), i.map((k) => (k % 2 === 0 ? 1 : 0)));
    assert.equal(t.dtypes.E_0, 'float32');
    assert.equal(t.dtypes.weight, 'float64');
    assert.equal(t.dtypes.ttv, 'int64');
    assert.ok(t.columns.E_0 instanceof Float32Array);
  });

  it('matrixColumns: the same values as the columns, row-major, in one pass (table and fixed layouts, row slices)', async () => {
    const names = ['PX_0', 'E_0', 'ttv', 'weight'];
    for (const [f, key] of [['pandas-table.h5', 'table'], ['pandas-fixed.h5', 'frame']]) {
      const t = await loadHdf5(join(FIX, f), { key, columns: ['is_signal_new'], matrixColumns: names, start: 2, stop: 6, chunkRows: 3 });
      assert.deepEqual(Object.keys(t.columns), ['is_signal_new'], f);
      assert.equal(t.matrix!.length, 4 * names.length, f);
      for (let r = 0; r < 4; r++) names.forEach((n, j) => assert.equal(t.matrix![r * names.length + j], Math.fround(EXPECTED[n][r + 2]), `${f} ${n} row ${r}`));
      assert.deepEqual(Array.from(t.columns.is_signal_new), EXPECTED.is_signal_new.slice(2, 6), f);
    }
  });

  it('reads the pandas table layout exactly, with column selection and row slices', async () => {
    const t = await loadHdf5(join(FIX, 'pandas-table.h5'), { key: 'table' });
    assert.equal(t.layout, 'table');
    assert.equal(t.totalRows, N);
    for (const [k, v] of Object.entries(EXPECTED)) assert.deepEqual(Array.from(t.columns[k]), v, k);
    const s = await loadHdf5(join(FIX, 'pandas-table.h5'), { columns: ['is_signal_new', 'PX_0'], start: 2, stop: 6, chunkRows: 3 });
    assert.deepEqual(Object.keys(s.columns), ['is_signal_new', 'PX_0']);
    assert.deepEqual(Array.from(s.columns.PX_0), EXPECTED.PX_0.slice(2, 6));
    assert.deepEqual(Array.from(s.columns.is_signal_new), EXPECTED.is_signal_new.slice(2, 6));
    const f = await loadHdf5(join(FIX, 'pandas-fixed.h5'), { columns: ['weight'], start: 5, chunkRows: 1 });
    assert.deepEqual(Array.from(f.columns.weight), EXPECTED.weight.slice(5));
  });

  it('reads from bytes, lists nodes and reads a generic dataset slice', async () => {
    const t = await fromHdf5(readFileSync(join(FIX, 'pandas-table.h5')));
    assert.deepEqual(Array.from(t.columns.ttv), EXPECTED.ttv);
    const nodes = await hdf5Info(join(FIX, 'pandas-fixed.h5'));
    assert.deepEqual(nodes.find((n) => n.path === '/frame'), { path: '/frame', kind: 'group', pandas: 'fixed' });
    assert.deepEqual(nodes.find((n) => n.path === '/frame/block0_values')!.shape, [7, 3]);
    const d = await loadHdf5Dataset(join(FIX, 'pandas-fixed.h5'), '/frame/block1_values', { start: 1, stop: 3 });
    assert.deepEqual(d.shape, [2, 1]);
    assert.deepEqual(Array.from(d.data as Float64Array), [1 / 3, 2 / 3]);
  });

  it("recovers UTF-8 names that were decoded one character per byte, as ISO-8859-1 (Node 20) or windows-1252 (Node 24)", () => {
    const names = ['pT (GeV) é', 'η', 'Δφ_ll', '粒子', 'e\u{1F600}', 'plain'];
    // windows-1252 by hand (this Node's TextDecoder may give either): its 27 characters for bytes 0x80..0x9f
    const cp = [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'];
    for (const n of names) {
      const bytes = [...new TextEncoder().encode(n)];
      const latin1 = bytes.map((b) => String.fromCharCode(b)).join('');
      const cp1252 = bytes.map((b) => (b >= 0x80 && b < 0xa0 ? cp[b - 0x80] : String.fromCharCode(b))).join('');
      assert.equal(utf8Name(latin1), n, `${n} from ISO-8859-1`);
      assert.equal(utf8Name(cp1252), n, `${n} from windows-1252`);
    }
    // already right, or not UTF-8 bytes at all: unchanged
    for (const n of names) assert.equal(utf8Name(n), n);
    assert.equal(utf8Name('caf\u00e9'), 'caf\u00e9');
    assert.equal(utf8Name('\u201c\u00e9'), '\u201c\u00e9');
  });

  it('reads pandas protocol-0 column lists without unpickling', () => {
    assert.deepEqual(pickledNames('(lp0\nVE_0\np1\naVPX_0\np2\na.'), ['E_0', 'PX_0']);
    assert.deepEqual(pickledNames("(lp0\nS'a b'\np1\na."), ['a b']);
  });

  describe('bad input', () => {
    let dir: string;
    before(() => { dir = mkdtempSync(join(tmpdir(), 'hepml-h5-')); });
    after(() => rmSync(dir, { recursive: true, force: true }));
    it('missing key or column lists what exists', async () => {
      await assert.rejects(loadHdf5(join(FIX, 'pandas-table.h5'), { key: 'nope' }), isHepml(/pandas-table\.h5.*key "nope".*table/));
      await assert.rejects(loadHdf5(join(FIX, 'pandas-table.h5'), { columns: ['E_9'] }), isHepml(/column "E_9".*E_0/));
      await assert.rejects(loadHdf5Dataset(join(FIX, 'pandas-fixed.h5'), '/frame/nope'), isHepml(/dataset "\/frame\/nope"/));
    });
    it('truncated, corrupt and non-HDF5 files are refused naming the file', async () => {
      const bytes = readFileSync(join(FIX, 'pandas-table.h5'));
      const t = join(dir, 'trunc.h5');
      writeFileSync(t, bytes.subarray(0, 3000));
      await assert.rejects(loadHdf5(t), isHepml(/trunc\.h5.*(corrupt|truncated)/));
      const x = join(dir, 'text.h5');
      writeFileSync(x, 'hello');
      await assert.rejects(loadHdf5(x), isHepml(/text\.h5: expected an HDF5 file/));
      await assert.rejects(loadHdf5(join(dir, 'missing.h5')), isHepml(/missing\.h5.*ENOENT/));
    });
  });

  describe('cross-check with pandas (regenerates the fixtures in a temp dir)', function () {
    let dir: string;
    before(function () {
      if (!hasPython('pandas', 'tables')) {
        console.log('      (skipped: /usr/bin/python3 with pandas + tables not available)');
        this.skip();
      }
      dir = mkdtempSync(join(tmpdir(), 'hepml-h5py-'));
    });
    after(() => dir && rmSync(dir, { recursive: true, force: true }));
    it('a wide zlib table (a top-tagging-like float32 block of 41 columns, odd widths) reads back exactly in every chunking and row range and as a matrix, through each word kernel', async () => {
      const f = join(dir, 'wide.h5');
      // the numpy values are printed as exact float32 bit patterns to compare against
      const bits = python(`import numpy as np, pandas as pd, sys
rng = np.random.default_rng(3); n = 2003
x = rng.normal(size=(n, 41)).astype(np.float32)
df = pd.DataFrame(x, columns=[f'c{j}' for j in range(41)]); df['k'] = rng.integers(-5, 5, n); df['w'] = rng.normal(size=n)
df.to_hdf(sys.argv[1], key='table', mode='w', format='table', complib='zlib', complevel=4)
print(' '.join(str(v) for v in x.view(np.uint32).ravel())); print(' '.join(str(v) for v in df['k']))`, f).trim().split('\n');
      const want = Uint32Array.from(bits[0].split(' ').map(Number));
      const k = bits[1].split(' ').map(Number);
      for (const [chunkRows, a, b] of [[1, 0, 2003], [7, 0, 2003], [4096, 0, 2003], [undefined, 0, 2003], [64, 3, 1990], [333, 1001, 1003], [undefined, 2, 5]] as const) {
        const t = await loadHdf5(f, { chunkRows, start: a, stop: b });
        // the 41 float32 fields side by side: five runs of eight, one left over
        assert.deepEqual(decodeStats, { block8: 40, block4: 0, single: 1 });
        for (let j = 0; j < 41; j++) {
          const got = new Uint32Array((t.columns[`c${j}`] as Float32Array).slice().buffer);
          assert.equal(got.length, b - a);
          for (let i = 0; i < b - a; i++) if (got[i] !== want[(a + i) * 41 + j]) assert.fail(`c${j}[${a + i}] chunkRows ${chunkRows} rows ${a}..${b}`);
        }
        assert.deepEqual(Array.from(t.columns.k), k.slice(a, b));
      }
      // columns asked out of file order and with gaps: blocks only where four adjacent fields are all asked
      const ask = ['c40', 'c3', 'c2', 'c1', 'c0', 'c9', 'c7', 'c6', 'c5', 'c8', 'c20', 'k'];
      const t = await loadHdf5(f, { columns: ask, start: 11, stop: 1500 });
      assert.deepEqual(Object.keys(t.columns), ask);
      assert.deepEqual(decodeStats, { block8: 0, block4: 8, single: 3 }, 'c0..c3 and c5..c8 in blocks of four');
      for (const c of ask.slice(0, -1)) {
        const j = Number(c.slice(1)), got = new Uint32Array((t.columns[c] as Float32Array).slice().buffer);
        for (let i = 0; i < 1489; i++) if (got[i] !== want[(11 + i) * 41 + j]) assert.fail(`${c}[${11 + i}] asked out of order`);
      }
      const names = Array.from({ length: 41 }, (_, j) => `c${(j * 7) % 41}`);
      const m = await loadHdf5(f, { matrixColumns: names, start: 5, stop: 1500, chunkRows: 100 });
      const mb = new Uint32Array(m.matrix!.buffer);
      for (let i = 0; i < 1495; i++) for (let j = 0; j < 41; j++) if (mb[i * 41 + j] !== want[(i + 5) * 41 + ((j * 7) % 41)]) assert.fail(`matrix ${i},${j}`);
      // in file order (adjacent fields copied as runs), with a break in the run
      const order = [...Array.from({ length: 38 }, (_, j) => j + 3), 0, 1];
      const r = await loadHdf5(f, { matrixColumns: order.map((j) => `c${j}`), stop: 999, chunkRows: 64 });
      const rb = new Uint32Array(r.matrix!.buffer);
      for (let i = 0; i < 999; i++) order.forEach((c, j) => { if (rb[i * order.length + j] !== want[i * 41 + c]) assert.fail(`run matrix ${i},${j}`); });
    });

    it('bit-identical to pandas.read_hdf: float32/float64 random bit patterns (NaN payloads, -0, inf, subnormals), int64 beyond 2**53, int32/16/8, uint, bool, text and index columns, many values_blocks, every chunking and row range, empty frames', async () => {
      const ref = JSON.parse(python(BITS_PY, dir)) as Record<string, Record<string, [string, (number | string)[]] | string[]>>;
      type Ref = Record<string, [string, (number | string)[]]>;
      // compares rows [a, b) of a read against pandas' own read of the whole frame, value by value as bits
      const same = (t: Awaited<ReturnType<typeof loadHdf5>>, want: Ref, names: string[], a: number, what: string) => {
        for (const c of names) {
          const [kind, vals] = want[c];
          const col = t.columns[c];
          assert.ok(col, `${what}: column ${c}`);
          assert.equal(col.length, t.rows, `${what} ${c} length`);
          if (kind === 'f4') {
            assert.ok(col instanceof Float32Array, `${what} ${c} float32`);
            const bits = new Uint32Array(col.buffer, col.byteOffset, col.length);
            for (let i = 0; i < t.rows; i++) if (bits[i] !== vals[a + i]) assert.fail(`${what} ${c}[${a + i}]: bits ${bits[i]} != ${vals[a + i]}`);
          } else if (kind === 'f8') {
            assert.ok(col instanceof Float64Array, `${what} ${c} float64`);
            const bits = new BigUint64Array(col.buffer, col.byteOffset, col.length);
            for (let i = 0; i < t.rows; i++) if (bits[i] !== BigInt(vals[a + i])) assert.fail(`${what} ${c}[${a + i}]: bits ${bits[i]} != ${vals[a + i]}`);
          } else if (kind === 's') {
            const cats = t.categories![c];
            for (let i = 0; i < t.rows; i++) if (cats[col[i]] !== vals[a + i]) assert.fail(`${what} ${c}[${a + i}]: ${cats[col[i]]} != ${vals[a + i]}`);
          } else {
            for (let i = 0; i < t.rows; i++) if (!Object.is(col[i], Number(BigInt(vals[a + i])))) assert.fail(`${what} ${c}[${a + i}]: ${col[i]} != ${vals[a + i]}`);
          }
        }
      };
      const index = (t: Awaited<ReturnType<typeof loadHdf5>>, want: string[], a: number, what: string) => {
        assert.equal(t.index!.length, t.rows, what);
        for (let i = 0; i < t.rows; i++) {
          const got = t.indexCategories ? t.indexCategories[t.index![i]] : t.index![i];
          const exp = t.indexCategories ? want[a + i] : Number(BigInt(want[a + i]));
          if (got !== exp) assert.fail(`${what} index[${a + i}]: ${got} != ${exp}`);
        }
      };
      for (const [file, name] of [['words.h5', 'words'], ['mixed.h5', 'mixed'], ['words-fixed.h5', 'fixed']]) {
        const want = ref[name] as unknown as Ref & { __order: string[]; __index: string[] };
        const order = want.__order as unknown as string[];
        const rows = (want.__index as unknown as string[]).length;
        for (const chunkRows of [undefined, 1, 5, 333]) {
          const t = await loadHdf5(join(dir, file), { chunkRows, index: true });
          assert.deepEqual(Object.keys(t.columns), order, `${file}: pandas' column order`);
          same(t, want, order, 0, `${file} chunkRows ${chunkRows}`);
          index(t, want.__index as unknown as string[], 0, `${file} chunkRows ${chunkRows}`);
        }
        // row ranges, and columns asked in an order unlike the file's (the word copies are regrouped)
        const pickCols = [...order].reverse().filter((_, j) => j % 3 !== 1);
        // (default chunking: reads aligned to the file's chunks from an unaligned start)
        for (const [a, b] of [[3, 1001], [0, 4], [rows - 1, rows], [500, 500], [rows, rows]]) for (const chunkRows of [7, undefined]) {
          const t = await loadHdf5(join(dir, file), { start: a, stop: b, columns: pickCols, index: true, chunkRows });
          assert.equal(t.rows, b - a);
          assert.equal(t.start, a);
          assert.deepEqual(Object.keys(t.columns), pickCols);
          same(t, want, pickCols, a, `${file} rows ${a}..${b}`);
          index(t, want.__index as unknown as string[], a, `${file} rows ${a}..${b}`);
        }
      }
      for (const [file, name] of [['empty.h5', 'empty'], ['empty-fixed.h5', 'emptyFixed']]) {
        const t = await loadHdf5(join(dir, file), { index: true });
        assert.equal(t.rows, 0, file);
        assert.equal(t.totalRows, 0, file);
        const want = ref[name] as unknown as { __order: string[] };
        assert.deepEqual(Object.keys(t.columns).filter((c) => c !== 's'), want.__order.filter((c) => c !== 's'), file);
        for (const c of Object.values(t.columns)) assert.equal(c.length, 0, file);
        assert.equal(t.index!.length, 0, file);
      }
      // text where numbers must be: one-line errors naming the column
      await assert.rejects(loadHdf5(join(dir, 'mixed.h5'), { matrixColumns: ['e0', 's'] }), isHepml(/mixed\.h5: expected numeric columns for the float32 matrix, found text in "s"/));
      await assert.rejects(loadHdf5(join(dir, 'mixed-fixed.h5')), isHepml(/mixed-fixed\.h5: expected numeric columns .* in "s", found text .*format='table'/));
      const fe = await loadHdf5(join(dir, 'mixed-fixed.h5'), { columns: ['e0'] });
      same(fe, ref.mixed as unknown as Ref, ['e0'], 0, 'mixed-fixed.h5 e0');
      // a manifest's reader keeps the text categories in the schema
      const mf: ManifestFile = { name: 'mixed.h5', urls: [], bytes: null, checksums: {}, format: 'hdf5', reader: { key: 'table' } };
      const man = { id: 't', title: 't', citation: '', licence: { id: null }, files: [mf], splits: { standard: null }, synthetic: { generator: 'none', defaultEvents: 1, quickEvents: 1 },
        schema: { columns: [{ name: 'e0', dtype: 'float32' }, { name: 's', dtype: 'string' }], label: { column: null, classes: [] }, weight: null, id: null } } as Manifest;
      const parts = await readManifestFile(man, mf, join(dir, 'mixed.h5'), 10);
      const sText = (ref.mixed as unknown as Ref).s[1];
      const cats = parts.schema.find((c) => c.name === 's')!.categories!;
      assert.deepEqual(Array.from(parts.columns.s, (c) => cats[c]), sText.slice(0, 10));
      // reads of whole file chunks from unaligned starts (the first read ends on a chunk boundary)
      const chunk = ref.chunk as unknown as number;
      const w0 = ref.words as unknown as Ref;
      for (const chunkRows of [chunk, 2 * chunk]) for (const a of [0, 1, chunk - 1, chunk + 3]) {
        const t = await loadHdf5(join(dir, 'words.h5'), { start: a, stop: 1003, chunkRows: Math.min(chunkRows, 1003 - a) > 0 ? chunkRows : 1 });
        same(t, w0, Object.keys(t.columns), a, `words.h5 from ${a}, chunkRows ${chunkRows} (file chunk ${chunk})`);
      }
      // the top-tagging loader's matrix path gives the same bits as the columns
      const names = ['f3', 'f4', 'f5', 'f6', 'f0', 'f12'];
      const m = await loadHdf5(join(dir, 'words.h5'), { matrixColumns: names, start: 2, stop: 900, chunkRows: 64 });
      const mb = new Uint32Array(m.matrix!.buffer);
      const w = ref.words as unknown as Ref;
      for (let i = 0; i < 898; i++) names.forEach((c, j) => { if (mb[i * names.length + j] !== w[c][1][i + 2]) assert.fail(`matrix ${i},${c}`); });
      const fm = await loadHdf5(join(dir, 'words-fixed.h5'), { matrixColumns: names, start: 2, stop: 900 });
      const fb = new Uint32Array(fm.matrix!.buffer);
      for (let i = 0; i < 898; i++) names.forEach((c, j) => { if (fb[i * names.length + j] !== w[c][1][i + 2]) assert.fail(`fixed matrix ${i},${c}`); });
    });

    it('the committed script reproduces what the reader returns, and a 3-block table with 900 rows reads back exactly', async () => {
      python(readFileSync(join(FIX, 'make_h5.py'), 'utf8').replace("if __name__ == '__main__':", 'if True:'), dir);
      for (const f of ['pandas-fixed.h5', 'pandas-table.h5']) {
        const t = await loadHdf5(join(dir, f));
        for (const [k, v] of Object.entries(EXPECTED)) assert.deepEqual(Array.from(t.columns[k]), v, `${f} ${k}`);
      }
      const out = python(`
import numpy as np, pandas as pd, sys, json
rng = np.random.default_rng(1)
n = 900
df = pd.DataFrame({f'E_{j}': rng.normal(size=n).astype(np.float32) for j in range(5)})
df['truthE'] = rng.normal(size=n)
df['is_signal_new'] = rng.integers(0, 2, n)
df.to_hdf(sys.argv[1] + '/big.h5', key='table', mode='w', format='table')
print(json.dumps({'E_3': [float(x) for x in df['E_3']], 'truthE': df['truthE'].tolist(), 'sig': df['is_signal_new'].tolist()}))
`, dir);
      const ref = JSON.parse(out);
      const t = await loadHdf5(join(dir, 'big.h5'), { chunkRows: 100 });
      assert.deepEqual(Array.from(t.columns.E_3), ref.E_3);
      assert.deepEqual(Array.from(t.columns.truthE), ref.truthE);
      assert.deepEqual(Array.from(t.columns.is_signal_new), ref.sig);
    });
  });
});
