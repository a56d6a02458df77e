import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HepmlError } from '../../lib/errors';
import { parseNpyHeader, fromNpy, loadNpy, halfToFloat, type NpyArray } from '../../lib/data/npy';
import { toNpy, saveNpy } from '../../lib/data/npy-write';
import { loadNpz, toNpz } from '../../lib/data/npz';
import { hasPython, python } from './python';

/** Slow obvious NPY encoder for tests: header text + per-element DataView writes. */
function handMade(descr: string, shape: number[], values: number[], opts: { fortran?: boolean; version?: number } = {}): Uint8Array {
  const version = opts.version ?? 1;
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const text = `{'descr': '${descr}', 'fortran_order': ${opts.fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }\n`;
  const lenSize = version === 1 ? 2 : 4;
  const size = Number(descr.slice(2));
  const out = new Uint8Array(8 + lenSize + text.length + values.length * size);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const dv = new DataView(out.buffer);
  if (version === 1) dv.setUint16(8, text.length, true); else dv.setUint32(8, text.length, true);
  for (let i = 0; i < text.length; i++) out[8 + lenSize + i] = text.charCodeAt(i);
  const le = descr[0] !== '>';
  const kind = descr.slice(1);
  let p = 8 + lenSize + text.length;
  for (const v of values) {
    switch (kind) {
      case 'b1': case 'u1': dv.setUint8(p, v); break;
      case 'i1': dv.setInt8(p, v); break;
      case 'i2': dv.setInt16(p, v, le); break;
      case 'u2': dv.setUint16(p, v, le); break;
      case 'i4': dv.setInt32(p, v, le); break;
      case 'u4': dv.setUint32(p, v, le); break;
      case 'i8': dv.setBigInt64(p, BigInt(v), le); break;
      case 'u8': dv.setBigUint64(p, BigInt(v), le); break;
      case 'f4': dv.setFloat32(p, v, le); break;
      case 'f8': dv.setFloat64(p, v, le); break;
      default: throw new Error(kind);
    }
    p += size;
  }
  return out;
}

/** An NPY file with an arbitrary header text and raw payload. */
function rawHeader(text: string, payload: Uint8Array = new Uint8Array(8)): Uint8Array {
  const t = text + '\n';
  const out = new Uint8Array(10 + t.length + payload.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, t.length, true);
  for (let i = 0; i < t.length; i++) out[10 + i] = t.charCodeAt(i);
  out.set(payload, 10 + t.length);
  return out;
}

const nums = (a: NpyArray) => Array.from(a.data as ArrayLike<number | bigint>, Number);

describe('data/npy', () => {
  const values: Record<string, number[]> = {
    b1: [1, 0, 1], i1: [-128, 0, 127], u1: [0, 200, 255], i2: [-32768, 5, 32767], u2: [0, 1, 65535],
    i4: [-2147483648, 7, 2147483647], u4: [0, 3, 4294967295], i8: [-(2 ** 53), 9, 2 ** 53], u8: [0, 11, 2 ** 53],
    f4: [0.5, -1.25, Math.fround(3e38)], f8: [Math.PI, -1e-300, 1e300],
  };
  for (const [kind, v] of Object.entries(values)) {
    for (const endian of kind.endsWith('1') ? ['|'] : ['<', '>']) {
      it(`reads ${endian}${kind} exactly`, () => {
        const a = fromNpy(handMade(`${endian}${kind}`, [3], v));
        assert.deepEqual(nums(a), v);
        assert.deepEqual(a.shape, [3]);
      });
    }
  }

  it('reorders Fortran-order arrays into C order (3-D)', () => {
    const shape = [2, 3, 4];
    // element (i,j,k) has value 100i+10j+k; Fortran offset = i + 2j + 6k
    const f = new Array<number>(24);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) f[i + 2 * j + 6 * k] = 100 * i + 10 * j + k;
    const a = fromNpy(handMade('<f8', shape, f, { fortran: true }));
    const c: number[] = [];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) c.push(100 * i + 10 * j + k);
    assert.deepEqual(nums(a), c);
  });

  it('parses header versions 2 and 3 and reports the data offset', () => {
    for (const version of [2, 3]) {
      const bytes = handMade('<i4', [2, 2], [1, 2, 3, 4], { version });
      const h = parseNpyHeader(bytes);
      assert.equal(h.version, version);
      assert.deepEqual(h.shape, [2, 2]);
      assert.equal(h.headerLength, bytes.length - 16);
      assert.deepEqual(nums(fromNpy(bytes)), [1, 2, 3, 4]);
    }
  });

  it('decodes float16 like numpy (stored halves)', () => {
    assert.equal(halfToFloat(0x3c00), 1);
    assert.equal(halfToFloat(0xc000), -2);
    assert.equal(halfToFloat(0x7bff), 65504);
    assert.equal(halfToFloat(0x0001), 2 ** -24);
    assert.equal(halfToFloat(0x7c00), Infinity);
    assert.ok(Number.isNaN(halfToFloat(0x7e00)));
  });

  it('round-trips what it writes', () => {
    const x = Float32Array.from({ length: 12 }, (_, i) => i / 3);
    const a = fromNpy(toNpy(x, { shape: [3, 4] }));
    assert.equal(a.dtype, 'float32');
    assert.deepEqual(a.shape, [3, 4]);
    assert.deepEqual(Array.from(a.data as Float32Array), Array.from(x));
    const b = fromNpy(toNpy(Uint8Array.of(1, 0, 1), { bool: true }));
    assert.equal(b.dtype, 'bool');
    assert.equal((toNpy(x).length - 0) % 1, 0);
    const h = parseNpyHeader(toNpy(x));
    assert.equal(h.headerLength % 64, 0, 'numpy aligns data to 64 bytes');
  });

  describe('refuses bad input with a HepmlError', () => {
    const refuses = (bytes: Uint8Array, pattern: RegExp, opts = {}) =>
      assert.throws(() => fromNpy(bytes, { name: 'bad.npy', ...opts }), (e: unknown) => e instanceof HepmlError && /bad\.npy/.test(e.message) && pattern.test(e.message));
    it('object (pickled) dtype', () => {
      refuses(rawHeader("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }"), /object dtype.*never unpickled/);
    });
    it('string and structured dtypes', () => {
      refuses(rawHeader("{'descr': '<U1', 'fortran_order': False, 'shape': (1,), }"), /numeric dtype/);
      refuses(rawHeader("{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1,), }"), /structured/);
    });
    it('a huge claimed shape before allocating', () => {
      refuses(rawHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (100000000000,), }"), /maxBytes/, { maxBytes: 1e9 });
      refuses(rawHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000, 100000), }"), /maxBytes/);
    });
    it('truncated data and header', () => {
      const b = handMade('<f4', [100], new Array(100).fill(1));
      refuses(b.subarray(0, b.length - 3), /truncated/);
      refuses(b.subarray(0, 20), /truncated/);
      refuses(Uint8Array.of(1, 2, 3), /NPY file/);
    });
  });

  describe('cross-check with numpy', function () {
    let dir: string;
    before(function () {
      if (!hasPython('numpy')) {
        console.log('      (skipped: /usr/bin/python3 with numpy not available)');
        this.skip();
      }
      dir = mkdtempSync(join(tmpdir(), 'hepml-npy-'));
    });
    after(() => dir && rmSync(dir, { recursive: true, force: true }));

    it('reads every numeric dtype numpy writes (both endians, Fortran order, v2/v3 headers)', () => {
      python(`
import numpy as np, sys, os
d = sys.argv[1]
for t in ['?', 'i1','u1','i2','u2','i4','u4','i8','u8','f2','f4','f8']:
    for e in ['<', '>']:
        a = (np.arange(24).reshape(2, 3, 4) % 7).astype(e + t if t != '?' else '?')
        np.save(os.path.join(d, f'{t}{"le" if e == "<" else "be"}.npy'), a)
        np.save(os.path.join(d, f'{t}{"le" if e == "<" else "be"}F.npy'), np.asfortranarray(a))
with open(os.path.join(d, 'v2.npy'), 'wb') as f:
    np.lib.format.write_array(f, np.arange(5, dtype='<f4'), version=(2, 0))
with open(os.path.join(d, 'v3.npy'), 'wb') as f:
    np.lib.format.write_array(f, np.arange(5, dtype='<f4'), version=(3, 0))
np.save(os.path.join(d, 'obj.npy'), np.array([{'a': 1}], dtype=object), allow_pickle=True)
`, dir);
      const expected = Array.from({ length: 24 }, (_, i) => i % 7);
      for (const t of ['?', 'i1', 'u1', 'i2', 'u2', 'i4', 'u4', 'i8', 'u8', 'f2', 'f4', 'f8']) {
        for (const suffix of ['le', 'be', 'leF', 'beF']) {
          const a = loadNpy(join(dir, `${t}${suffix}.npy`));
          assert.deepEqual(a.shape, [2, 3, 4], `${t}${suffix}`);
          const want = t === '?' ? expected.map((v) => (v ? 1 : 0)) : expected;
          assert.deepEqual(nums(a), want, `${t}${suffix}`);
        }
      }
      assert.deepEqual(nums(loadNpy(join(dir, 'v2.npy'))), [0, 1, 2, 3, 4]);
      assert.deepEqual(nums(loadNpy(join(dir, 'v3.npy'))), [0, 1, 2, 3, 4]);
      assert.throws(() => loadNpy(join(dir, 'obj.npy')), /object dtype/);
    });

    it('writes files numpy loads exactly', () => {
      const arrays = {
        f4: { data: Float32Array.of(0.5, -2.25, 1e-3, 7), shape: [2, 2] },
        f8: { data: Float64Array.of(Math.PI, -1e300), shape: [2] },
        i4: { data: Int32Array.of(-5, 2147483647), shape: [2] },
        i8: { data: BigInt64Array.of(-(2n ** 62n), 3n), shape: [2] },
        u1: { data: Uint8Array.of(0, 255), shape: [2] },
      };
      for (const [k, v] of Object.entries(arrays)) saveNpy(join(dir, `w_${k}.npy`), v.data, { shape: v.shape });
      saveNpy(join(dir, 'w_b1.npy'), Uint8Array.of(1, 0, 1), { bool: true });
      const out = python(`
import numpy as np, sys, os, json
d = sys.argv[1]
r = {}
for k in ['f4','f8','i4','i8','u1','b1']:
    a = np.load(os.path.join(d, f'w_{k}.npy'))
    r[k] = [a.dtype.str, list(a.shape), [repr(x) for x in a.ravel().tolist()]]
print(json.dumps(r))
`, dir);
      const r = JSON.parse(out);
      assert.deepEqual(r.f4, ['<f4', [2, 2], ['0.5', '-2.25', String(Math.fround(1e-3)).replace(/^0\.0010000000474974513$/, '0.0010000000474974513'), '7.0']]);
      assert.deepEqual(r.f8[2], ['3.141592653589793', '-1e+300']);
      assert.deepEqual(r.i4[2], ['-5', '2147483647']);
      assert.deepEqual(r.i8, ['<i8', [2], [String(-(2n ** 62n)), '3']]);
      assert.deepEqual(r.u1[2], ['0', '255']);
      assert.deepEqual(r.b1, ['|b1', [3], ['True', 'False', 'True']]);
    });
  });

  it('loadNpy names the file when it does not exist', () => {
    assert.throws(() => loadNpy('/nonexistent/x.npy'), (e: unknown) => e instanceof HepmlError && /\/nonexistent\/x\.npy/.test(e.message));
  });
  it('writes atomically next to the target', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hepml-npyw-'));
    saveNpy(join(dir, 'a.npy'), Float32Array.of(1));
    assert.equal(readFileSync(join(dir, 'a.npy')).length, 128 + 4);
    writeFileSync(join(dir, 'b'), '');
    rmSync(dir, { recursive: true });
  });
});

describe('data/npz: numpy-written archives (zip64 local headers, stored and deflated)', function () {
  it('savez and savez_compressed read back exactly; toNpz reads back in numpy with its CRCs checked', function () {
    if (!hasPython('numpy')) { console.log('      (skipped: /usr/bin/python3 lacks numpy)'); this.skip(); }
    const dir = mkdtempSync(join(tmpdir(), 'hepml-npz-'));
    try {
      python(`import numpy as np, sys
a = np.arange(12, dtype=np.float32).reshape(3, 4); b = np.array([1, -2, 3], dtype=np.int64); c = np.array([True, False])
np.savez(sys.argv[1] + '/s.npz', a=a, b=b, c=c); np.savez_compressed(sys.argv[1] + '/z.npz', a=a, b=b, c=c)`, dir);
      for (const f of ['s.npz', 'z.npz']) {
        const { arrays } = loadNpz(join(dir, f));
        assert.deepEqual(arrays.a.shape, [3, 4], f);
        assert.deepEqual(Array.from(arrays.a.data as Float32Array), Array.from({ length: 12 }, (_, i) => i), f);
        assert.deepEqual(Array.from(arrays.b.data as BigInt64Array), [1n, -2n, 3n], f);
        assert.deepEqual(Array.from(arrays.c.data as Uint8Array), [1, 0], f);
      }
      writeFileSync(join(dir, 'h.npz'), toNpz({ x: { data: Float64Array.of(0.5, 1.5), shape: [2] }, y: Int32Array.of(7) }));
      const out = python(`import numpy as np, sys, zipfile
assert zipfile.ZipFile(sys.argv[1]).testzip() is None
d = np.load(sys.argv[1]); print(d['x'].tolist(), d['y'].tolist())`, join(dir, 'h.npz'));
      assert.equal(out.trim(), '[0.5, 1.5] [7]');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
