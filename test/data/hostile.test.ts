/**
 * Issue 16, items 10-12: hostile and unusual inputs to the readers and to `hepml inspect/export`.
 * Each test reproduces one defect (it failed before the fix). Fixtures are made here, small, in a
 * temporary folder removed at the end; pandas-written ones need Debian's /usr/bin/python3 with
 * pandas + tables (those tests skip with a message otherwise).
 */
import { strict as assert } from 'node:assert';
import { closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, deflateRawSync } from 'node:zlib';
import { HepmlError } from '../../lib/errors';
import { fromCSV, loadCSV } from '../../lib/data/csv';
import { fromNpz, loadNpz, toNpz } from '../../lib/data/npz';
import { loadNpy, parseNpyHeader, fromNpy } from '../../lib/data/npy';
import { toNpy } from '../../lib/data/npy-write';
import { loadHdf5, hdf5Info } from '../../lib/data/hdf5';
import { loadRoot } from '../../lib/data/root';
import { safeText } from '../../lib/errors';
import { command as inspect } from '../../harness/cli/inspect';
import { command as exp } from '../../harness/cli/export';
import { hasPython, python } from './python';

const HZZ = join(__dirname, '../../../shared/data/root/uproot-HZZ.root');
const WW = join(__dirname, '../../../shared/data/root/dataWW_d1_slice10k.root');
const isHepml = (pattern: RegExp) => (e: unknown) => e instanceof HepmlError && pattern.test(e.message);
/** True when `s` has no control, C1 or bidi-override characters (safe to print on a terminal). */
const printable = (s: string) => !/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(s);

/** Runs a CLI command, capturing what it prints (console.log/error and raw stderr writes). */
async function cli(cmd: { run(a: string[]): Promise<number> }, args: string[]): Promise<{ code: number | undefined; out: string; err: unknown }> {
  const out: string[] = [];
  const log = console.log, error = console.error, warn = console.warn;
  const write = process.stderr.write.bind(process.stderr);
  // the HDF5 wasm library writes its diagnostics straight to fd 2
  const nodeFs = require('node:fs') as { writeSync: (fd: number, ...rest: unknown[]) => number };
  const writeSync = nodeFs.writeSync;
  nodeFs.writeSync = (fd: number, ...rest: unknown[]) => {
    if (fd !== 2) return writeSync(fd, ...rest);
    const [buf, offset, length] = rest as [Uint8Array | string, number?, number?];
    if (typeof buf === 'string') { out.push(buf); return Buffer.byteLength(buf); }
    const len = length ?? buf.byteLength - (offset ?? 0);
    out.push(Buffer.from(buf.buffer, buf.byteOffset + (offset ?? 0), len).toString('utf8'));
    return len;
  };
  console.log = (...a: unknown[]) => { out.push(a.join(' ')); };
  console.error = console.warn = (...a: unknown[]) => { out.push(a.join(' ')); };
  process.stderr.write = ((chunk: string | Uint8Array) => { out.push(String(chunk)); return true; }) as typeof process.stderr.write;
  try {
    return { code: await cmd.run(args), out: out.join('\n'), err: undefined };
  } catch (e) {
    return { code: undefined, out: out.join('\n'), err: e };
  } finally {
    console.log = log; console.error = error; console.warn = warn;
    process.stderr.write = write;
    nodeFs.writeSync = writeSync;
  }
}

/** A zip archive (stored or deflated members) with an optional lie in a member's CRC or sizes. */
function zip(members: { name: string; data: Uint8Array; deflate?: boolean; crc?: number; size?: number }[]): Uint8Array {
  const { crc32 } = require('node:zlib') as { crc32(b: Uint8Array): number };
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const body = m.deflate ? deflateRawSync(m.data) : Buffer.from(m.data);
    const name = Buffer.from(m.name);
    const crc = m.crc ?? crc32(m.data);
    const size = m.size ?? m.data.length;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt16LE(m.deflate ? 8 : 0, 8);
    lh.writeUInt32LE(crc >>> 0, 14); lh.writeUInt32LE(body.length, 18); lh.writeUInt32LE(size, 22); lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(20, 4); ch.writeUInt16LE(20, 6); ch.writeUInt16LE(m.deflate ? 8 : 0, 10);
    ch.writeUInt32LE(crc >>> 0, 16); ch.writeUInt32LE(body.length, 20); ch.writeUInt32LE(size, 24); ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, body);
    central.push(ch, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0); eocd.writeUInt16LE(members.length, 8); eocd.writeUInt16LE(members.length, 10);
  eocd.writeUInt32LE(cd.length, 12); eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/** An NPY header with any dict text (padded like numpy's). */
function npyWithHeader(dict: string, body: Uint8Array): Uint8Array {
  let h = dict;
  h += ' '.repeat((64 - ((10 + h.length + 1) % 64)) % 64) + '\n';
  const out = Buffer.alloc(10 + h.length + body.length);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(out);
  out.writeUInt16LE(h.length, 8);
  out.write(h, 10, 'latin1');
  Buffer.from(body.buffer, body.byteOffset, body.byteLength).copy(out, 10 + h.length);
  return out;
}

describe('data readers: hostile inputs (issue 16 items 10-12)', function () {
  this.timeout(60000);
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'hepml-hostile-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const at = (f: string) => join(dir, f);

  describe('10 silent wrong results', () => {
    it('10.1 CSV: NA (and the other pandas missing strings) read as NaN, also as a first value', () => {
      const t = fromCSV('a,b,c\nNA,x,1\n1,NULL,N/A\n2,y,\n');
      assert.equal(t.schema[0].dtype, 'float32');
      assert.ok(Number.isNaN(t.columns.a[0]));
      assert.deepEqual(Array.from(t.columns.a).slice(1), [1, 2]);
      assert.ok(Number.isNaN(t.columns.c[1]) && Number.isNaN(t.columns.c[2]));
      assert.equal(t.columns.c[0], 1);
      // a text column keeps its codes; an all-missing column is NaN
      assert.equal(t.schema[1].dtype, 'string');
      const all = fromCSV('a\nNA\nnan\n');
      assert.equal(all.columns.a.length, 2);
      assert.ok(Array.from(all.columns.a).every(Number.isNaN));
    });

    it('10.2 CSV: duplicate header names are renamed like pandas (a, a.1, a.2), each with its own data', () => {
      const t = fromCSV('a,b,a,a\n1,2,3,4\n5,6,7,8\n');
      assert.deepEqual(t.schema.map((s) => s.name), ['a', 'b', 'a.1', 'a.2']);
      assert.deepEqual(Array.from(t.columns.a), [1, 5]);
      assert.deepEqual(Array.from(t.columns['a.1']), [3, 7]);
      assert.deepEqual(Array.from(t.columns['a.2']), [4, 8]);
      // pandas 1.5: a, a, a.1 -> a, a.2, a.1
      assert.deepEqual(fromCSV('a,a,a.1\n1,2,3\n').schema.map((c) => c.name), ['a', 'a.2', 'a.1']);
    });

    it('10.3 NPZ: a member whose CRC-32 does not match is refused (numpy: BadZipFile)', () => {
      const npy = toNpy(Float32Array.of(1, 2, 3));
      const good = zip([{ name: 'x.npy', data: npy }]);
      assert.deepEqual(Array.from(fromNpz(good).arrays.x.data as Float32Array), [1, 2, 3]);
      for (const deflate of [false, true]) {
        const bad = zip([{ name: 'x.npy', data: npy, crc: 0x12345678, deflate }]);
        assert.throws(() => fromNpz(bad, { name: 'bad.npz' }), isHepml(/bad\.npz.*x\.npy.*CRC/));
      }
    });

    it('10.4 HDF5: an empty pandas fixed frame reads and exports as 0 rows', async function () {
      if (!hasPython('pandas', 'tables')) { console.log('      (skipped: /usr/bin/python3 lacks pandas + tables)'); this.skip(); }
      python(`import pandas as pd, sys\npd.DataFrame({'a': pd.Series([], dtype='float64'), 'b': pd.Series([], dtype='int64')}).to_hdf(sys.argv[1], key='df', mode='w')`, at('empty.h5'));
      const t = await loadHdf5(at('empty.h5'));
      assert.equal(t.rows, 0);
      assert.equal(t.columns.a.length, 0);
      const r = await cli(exp, [at('empty.h5'), '--format', 'csv', '--out', at('empty.csv')]);
      assert.equal(r.code, 0, String(r.err));
      assert.equal(readFileSync(at('empty.csv'), 'utf8'), 'a,b\n');
    });

    it('10.5 ROOT export: a jagged branch goes to json as lists; Jet_Px,NJet reads; csv/npy refuse jagged clearly', async function () {
      if (!existsSync(HZZ)) { console.log(`      (skipped: ${HZZ} not found)`); this.skip(); }
      const both = await loadRoot(HZZ, { branches: ['Jet_Px', 'NJet'], stop: 50 });
      const ref = await loadRoot(HZZ, { stop: 50 });
      assert.deepEqual(both.jagged.Jet_Px.values, ref.jagged.Jet_Px.values);
      assert.deepEqual(both.columns.NJet, ref.columns.NJet);
      const r = await cli(exp, [HZZ, '--columns', 'Jet_Px,NJet', '--limit', '50', '--format', 'json', '--out', at('j.json')]);
      assert.equal(r.code, 0, String(r.err));
      const j = JSON.parse(readFileSync(at('j.json'), 'utf8')) as { Jet_Px: number[][]; NJet: number[] };
      assert.equal(j.Jet_Px.length, 50);
      for (let i = 0; i < 50; i++) assert.equal(j.Jet_Px[i].length, j.NJet[i]);
      assert.equal(j.Jet_Px.flat().length, ref.jagged.Jet_Px.values.length);
      const c = await cli(exp, [HZZ, '--columns', 'Jet_Px', '--format', 'csv', '--out', at('j.csv')]);
      assert.ok(isHepml(/Jet_Px.*jagged.*--format json/)(c.err), String(c.err));
      assert.ok(!existsSync(at('j.csv')));
    });

    it('10.6 HDF5: UTF-8 column names (fixed and table format) come out intact', async function () {
      if (!hasPython('pandas', 'tables')) { console.log('      (skipped: /usr/bin/python3 lacks pandas + tables)'); this.skip(); }
      const names = ['pT (GeV) é', 'η', 'Δφ_ll', '粒子', 'e\u{1F600}'];
      python(`import pandas as pd, numpy as np, sys, json
names = json.loads(sys.argv[3])
df = pd.DataFrame(np.arange(15, dtype=np.float32).reshape(3, 5), columns=names)
df.to_hdf(sys.argv[1], key='df', mode='w')
df.to_hdf(sys.argv[2], key='df', mode='w', format='table')`, at('u8f.h5'), at('u8t.h5'), JSON.stringify(names));
      for (const f of ['u8f.h5', 'u8t.h5']) {
        const t = await loadHdf5(at(f));
        assert.deepEqual(Object.keys(t.columns), names, f);
        assert.deepEqual(Array.from(t.columns['η']), [1, 6, 11], f);
      }
    });

    it('10.7 NPZ export: arrays of unequal length are refused with their lengths (no undefined cells)', async () => {
      writeFileSync(at('uneq.npz'), toNpz({ a: Float32Array.of(1, 2, 3), b: Float32Array.of(1) }));
      const r = await cli(exp, [at('uneq.npz'), '--format', 'csv', '--out', at('uneq.csv')]);
      assert.ok(isHepml(/equal length.*a: 3.*b: 1/)(r.err), String(r.err));
      assert.ok(!existsSync(at('uneq.csv')));
      assert.equal((await cli(exp, [at('uneq.npz'), '--columns', 'a', '--format', 'csv', '--out', at('a.csv')])).code, 0);
      assert.equal(readFileSync(at('a.csv'), 'utf8'), 'a\n1\n2\n3\n');
    });

    it('10.8 NPY export: 2-D arrays (C and Fortran order) become one column per trailing index', async () => {
      // [[1,2,3],[4,5,6]] in C order, and the same matrix stored column-major
      writeFileSync(at('c.npy'), toNpy(Float32Array.of(1, 2, 3, 4, 5, 6), { shape: [2, 3] }));
      writeFileSync(at('f.npy'), npyWithHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", new Uint8Array(Float32Array.of(1, 4, 2, 5, 3, 6).buffer)));
      for (const f of ['c', 'f']) {
        const r = await cli(exp, [at(`${f}.npy`), '--format', 'csv', '--out', at(`${f}.csv`)]);
        assert.equal(r.code, 0, String(r.err));
        assert.equal(readFileSync(at(`${f}.csv`), 'utf8'), 'array_0,array_1,array_2\n1,2,3\n4,5,6\n', f);
      }
    });

    it("10.9 NPY: 'descr' inside another value does not set the dtype; extra keys are refused like numpy", () => {
      const body = new Uint8Array(Float64Array.of(1.5, 2.5).buffer);
      const hostile = npyWithHeader("{'note': \"'descr': '<i1', \", 'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", body);
      assert.throws(() => fromNpy(hostile, { name: 'h.npy' }), isHepml(/h\.npy.*keys.*note/));
      const reordered = npyWithHeader("{'shape': (2,), 'fortran_order': False, 'descr': '<f8', }", body);
      assert.deepEqual(Array.from(fromNpy(reordered).data as Float64Array), [1.5, 2.5]);
      const inShape = npyWithHeader("{'fortran_order': False, 'shape': (2,), 'descr': '<f8', }", body);
      assert.equal(parseNpyHeader(inShape).dtype, 'float64');
    });
  });

  describe('11 bombs and limits', () => {
    it('11.1 NPZ: declared and actual decompressed sizes are checked against maxBytes with a clear error', () => {
      const big = toNpy(new Float32Array(1 << 20)); // 4 MiB of zeros, deflates to ~4 kB
      const honest = zip([{ name: 'x.npy', data: big, deflate: true }]);
      assert.throws(() => fromNpz(honest, { name: 'bomb.npz', maxBytes: 1e6 }), isHepml(/bomb\.npz.*at most 1000000 bytes.*--max-bytes/));
      // a member that lies about its size is stopped while inflating, not after
      const liar = zip([{ name: 'x.npy', data: big, deflate: true, size: 100 }]);
      assert.throws(() => fromNpz(liar, { name: 'liar.npz', maxBytes: 1e6 }), isHepml(/liar\.npz.*at most 1000000/));
      assert.equal(fromNpz(honest, { maxBytes: 1e7 }).arrays.x.data.length, 1 << 20);
      // the CLI option raises it
      writeFileSync(at('bomb.npz'), honest);
      process.env.HEPML_MAX_BYTES = '1000000';
      try {
        assert.throws(() => loadNpz(at('bomb.npz')), isHepml(/HEPML_MAX_BYTES/));
      } finally { delete process.env.HEPML_MAX_BYTES; }
    });

    it('11.2 .csv.gz: a gzip bomb stops at maxBytes (declared size first, then while streaming)', async () => {
      const rows = '1,2\n'.repeat(1 << 20); // 4 MiB
      writeFileSync(at('bomb.csv.gz'), gzipSync(`a,b\n${rows}`));
      await assert.rejects(loadCSV(at('bomb.csv.gz'), { maxBytes: 1e6 }), isHepml(/bomb\.csv\.gz.*at most 1000000 bytes.*declaring/));
      // a trailer that lies (says 10 bytes) is caught by the running count
      const gz = gzipSync(`a,b\n${rows}`);
      gz.writeUInt32LE(10, gz.length - 4);
      writeFileSync(at('liar.csv.gz'), gz);
      await assert.rejects(loadCSV(at('liar.csv.gz'), { maxBytes: 1e6 }), isHepml(/liar\.csv\.gz.*at most 1000000 bytes.*while reading/));
      assert.equal((await loadCSV(at('bomb.csv.gz'), { maxBytes: 1e8 })).rows, 1 << 20);
    });

    it('11.3 inspect reads only the header of a .npy (a sparse 3 GiB file)', async () => {
      const p = at('huge.npy');
      const h = npyWithHeader(`{'descr': '|u1', 'fortran_order': False, 'shape': (${3 * 2 ** 30},), }`, new Uint8Array(0));
      const fd = openSync(p, 'w');
      writeSync(fd, h);
      ftruncateSync(fd, h.length + 3 * 2 ** 30);
      closeSync(fd);
      const r = await cli(inspect, [p]);
      assert.equal(r.code, 0, String(r.err));
      assert.match(r.out, /uint8.*shape \[3221225472\]/);
      rmSync(p);
    });

    it('11.4 NPY files over 2 GiB read (sparse 2 GiB + 16 bytes, last byte checked); errors name the file', function () {
      this.timeout(300000); // reads 2 GiB (of a sparse file) into memory
      const n = 2 ** 31 + 16;
      const p = at('big.npy');
      const h = npyWithHeader(`{'descr': '|u1', 'fortran_order': False, 'shape': (${n},), }`, new Uint8Array(0));
      const fd = openSync(p, 'w');
      writeSync(fd, h);
      writeSync(fd, Uint8Array.of(7), 0, 1, h.length + n - 1);
      closeSync(fd);
      try {
        const a = loadNpy(p);
        assert.equal(a.data.length, n);
        assert.equal(a.data[n - 1], 7);
        assert.equal(a.data[n - 2], 0);
        // a truncated one: the message names the file
        const fd2 = openSync(p, 'r+');
        ftruncateSync(fd2, h.length + n - 100);
        closeSync(fd2);
        assert.throws(() => loadNpy(p), isHepml(/big\.npy.*truncated/));
      } finally { rmSync(p, { force: true }); }
    });

    it('11.5 CSV: 400k columns parse in linear time (a hang guard, not a speed target)', function () {
      this.timeout(120000); // quadratic header handling takes minutes here; linear takes seconds
      const n = 400000;
      const header = Array.from({ length: n }, (_, i) => `c${i}`).join(',');
      const row = Array.from({ length: n }, (_, i) => String(i % 10)).join(',');
      const t = fromCSV(`${header}\n${row}\n${row}\n`, { columns: ['c399999', 'c5'] });
      assert.deepEqual(Array.from(t.columns.c399999), [9, 9]);
      const all = fromCSV(`${header}\n${row}\n`);
      assert.equal(all.schema.length, n);
      assert.equal(all.columns.c123457[0], 7);
    });
  });

  describe('12 messages', () => {
    it('12.1 corrupt HDF5: one clear line, no HDF5 diagnostic stack on stderr', async () => {
      // a valid signature followed by garbage, and a truncated real file
      writeFileSync(at('corrupt.h5'), Buffer.concat([Buffer.from('\x89HDF\r\n\x1a\n', 'latin1'), Buffer.alloc(4000, 0x5a)]));
      const r = await cli(inspect, [at('corrupt.h5')]);
      assert.ok(isHepml(/corrupt\.h5.*corrupt or truncated/)(r.err), String(r.err));
      assert.equal(r.out.trim(), '', `printed: ${r.out.slice(0, 300)}`);
      assert.ok(!/name not defined/.test((r.err as Error).message));
    });

    it('12.2 blosc-compressed pandas file: read, or refused as "blosc compression not supported"', async function () {
      if (!hasPython('pandas', 'tables')) { console.log('      (skipped: /usr/bin/python3 lacks pandas + tables)'); this.skip(); }
      try {
        python(`import pandas as pd, numpy as np, sys\npd.DataFrame({'a': np.arange(1000.0)}).to_hdf(sys.argv[1], key='df', mode='w', format='table', complib='blosc', complevel=5)`, at('blosc.h5'));
      } catch { console.log('      (skipped: tables cannot write blosc here)'); this.skip(); }
      const r = await cli(exp, [at('blosc.h5'), '--format', 'csv', '--out', at('blosc.csv')]);
      if (r.code === 0) assert.equal(readFileSync(at('blosc.csv'), 'utf8').split('\n')[1000], '999');
      else assert.ok(isHepml(/blosc\.h5.*blosc compression not supported/)(r.err), String(r.err));
      assert.equal(r.out.trim().split('\n').filter((l) => l && !/rows x/.test(l)).length, 0, r.out.slice(0, 300));
    });

    it('12.3 truncated ROOT file: one clear error, no jsroot stack printed', async function () {
      if (!existsSync(WW)) { console.log(`      (skipped: ${WW} not found)`); this.skip(); }
      const bytes = readFileSync(WW);
      for (const cut of [1000, 5000, bytes.length / 2]) {
        writeFileSync(at('cut.root'), bytes.subarray(0, Math.floor(cut)));
        const r = await cli(exp, [at('cut.root'), '--format', 'csv', '--out', at('cut.csv')]);
        assert.ok(isHepml(/cut\.root.*truncated/)(r.err), String(r.err));
        assert.equal(r.out.trim(), '', `printed: ${r.out.slice(0, 300)}`);
      }
    });

    it('12.4 header-only and CR-only CSV', () => {
      const h = fromCSV('a,b\n');
      assert.equal(h.rows, 0);
      assert.deepEqual(Object.keys(h.columns), ['a', 'b']);
      assert.equal(h.columns.a.length, 0);
      assert.throws(() => fromCSV('\r\r\r', { name: 'cr.csv' }), isHepml(/cr\.csv: expected a header line/));
      const mac = fromCSV('a,b\r1,2\r3,4\r');
      assert.equal(mac.rows, 2);
      assert.deepEqual(Array.from(mac.columns.b), [2, 4]);
    });

    it('12.5 a huge field is never printed whole in an error', async () => {
      const field = 'x'.repeat(20_000_000);
      writeFileSync(at('huge.csv'), `a\n1\n${field}\n`);
      const e = await loadCSV(at('huge.csv')).catch((x: unknown) => x);
      assert.ok(isHepml(/huge\.csv.*expected a number/)(e));
      assert.ok((e as Error).message.length < 400, `message of ${(e as Error).message.length} characters`);
      assert.match((e as Error).message, /20000000 characters/);
    });

    it('12.6 terminal escape codes and bidi overrides in names are never printed raw', async () => {
      const evil = 'p\x1b[2J\x1b]0;pwned\x07T\u202e\x9b31m';
      writeFileSync(at('esc.csv'), `${evil},b\n1,2\n`);
      const r = await cli(inspect, [at('esc.csv')]);
      assert.equal(r.code, 0, String(r.err));
      assert.ok(printable(r.out), JSON.stringify(r.out));
      assert.match(r.out, /p\\u\{1b\}\[2J/);
      const e = await loadCSV(at('esc.csv'), { columns: ['nope'] }).catch((x: unknown) => x);
      assert.ok(e instanceof HepmlError && printable(e.message), JSON.stringify((e as Error).message));
      writeFileSync(at('esc.npz'), toNpz({ [evil]: Float32Array.of(1) }));
      const z = await cli(inspect, [at('esc.npz')]);
      assert.ok(printable(z.out), JSON.stringify(z.out));
      assert.equal(safeText('a\u2067b'), 'a\\u{2067}b');
    });
  });
});
