/**
 * NPY: numpy's one-array file format (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
 *
 * Reads every numeric dtype numpy writes (b1, i1/u1, i2/u2, i4/u4, i8/u8, f2, f4, f8), little and big
 * endian, C and Fortran order, header versions 1, 2 and 3. Object (pickled) and string arrays are
 * refused, never unpickled. The header is checked against `maxBytes` and the data length before any
 * allocation. Writes f4/f8/i1/i2/i4/i8/u1/u2/u4/bool arrays numpy loads with `np.load`.
 */
import { openSync, readSync, fstatSync, closeSync } from 'node:fs';
import { HepmlError, safeText, quote } from '../errors';

/** The numeric dtypes this module reads. `float16` arrays are widened to Float32Array on read. */
export type NpyDtype = 'bool' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'float16' | 'float32' | 'float64';
export type NpyData = Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array | Float32Array | Float64Array;

/** A parsed NPY header. */
export interface NpyHeader {
  dtype: NpyDtype;
  /** The header's descr string, e.g. `<f4`. */
  descr: string;
  littleEndian: boolean;
  shape: number[];
  fortranOrder: boolean;
  /** Byte offset where the array data starts (magic + version + length field + header text). */
  headerLength: number;
  version: number;
}

/** An n-dimensional array in C order. int64/uint64 come as BigInt64Array/BigUint64Array (exact). */
export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: NpyData;
}

export interface NpyReadOptions {
  /** Refuse arrays whose data would exceed this many bytes (checked before allocating). Default 2**32. */
  maxBytes?: number;
  /** Name used in error messages. Default `'npy'`. */
  name?: string;
}

const DEFAULTS = { maxBytes: 2 ** 32, name: 'npy' };
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const KINDS: Record<string, NpyDtype> = {
  b1: 'bool', i1: 'int8', u1: 'uint8', i2: 'int16', u2: 'uint16', i4: 'int32', u4: 'uint32',
  i8: 'int64', u8: 'uint64', f2: 'float16', f4: 'float32', f8: 'float64',
};
const SIZE: Record<NpyDtype, number> = {
  bool: 1, int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, int64: 8, uint64: 8, float16: 2, float32: 4, float64: 8,
};

/** Bytes per element of a dtype as stored in the file. */
export function npyItemSize(dtype: NpyDtype): number {
  return SIZE[dtype];
}

/**
 * Parses the header of an NPY file (only the first bytes are needed).
 * @param bytes the file, or at least its first `headerLength` bytes
 * @param name used in error messages (a file name). Default `'npy'`.
 * @example
 * const { dtype, shape } = parseNpyHeader(readFileSync('scores.npy'));
 */
export function parseNpyHeader(bytes: Uint8Array, name = DEFAULTS.name): NpyHeader {
  const bad = (what: string, found: string, fix = ''): never => {
    throw new HepmlError(`${name}: expected ${what}, found ${found}.${fix ? ' ' + fix : ''}`, { where: name });
  };
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) bad('an NPY file (starting with \\x93NUMPY)', bytes.length < 10 ? `${bytes.length} bytes` : 'other content', 'Save arrays with numpy.save or hepml writeNpy.');
  const version = bytes[6];
  if (version < 1 || version > 3) bad('NPY format version 1, 2 or 3', `version ${version}.${bytes[7]}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenSize = version === 1 ? 2 : 4;
  if (bytes.length < 8 + lenSize) bad('a complete NPY header', `${bytes.length} bytes (truncated file)`);
  const hlen = version === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const headerLength = 8 + lenSize + hlen;
  if (bytes.length < headerLength) bad(`an NPY header of ${hlen} bytes`, `only ${bytes.length - 8 - lenSize} (truncated file)`);
  // Versions 1 and 2 are ISO-8859-1, one character per byte (TextDecoder's 'latin1' is windows-1252 by the spec, and so on Node 24).
  const head = bytes.subarray(8 + lenSize, headerLength);
  const text = version === 3 ? new TextDecoder('utf-8').decode(head) : Array.from(head, (b) => String.fromCharCode(b)).join('');
  // a real parse of the Python dict literal (like numpy's safe_eval): a 'descr' text inside another
  // value cannot set the dtype, and the keys must be exactly numpy's three
  let dict: Map<string, PyValue>;
  try {
    dict = parsePyDict(text);
  } catch (e) {
    return bad('an NPY header dict (a Python literal)', `${safeText(text.trim(), 80)} (${(e as Error).message})`);
  }
  const keys = [...dict.keys()];
  const expectedKeys = ['descr', 'fortran_order', 'shape'];
  if (keys.length !== 3 || !expectedKeys.every((k) => dict.has(k))) {
    bad("an NPY header with exactly the keys 'descr', 'fortran_order' and 'shape' (as numpy requires)", `keys ${keys.map((k) => quote(k, 40)).join(', ') || 'none'}`);
  }
  const d = dict.get('descr')!;
  const fo = dict.get('fortran_order')!;
  const sh = dict.get('shape')!;
  if (Array.isArray(d)) bad('a numeric dtype', 'a structured (record) dtype', 'Save plain numeric arrays, one per file.');
  if (typeof d !== 'string') bad('a dtype string in descr', safeText(String(d), 40));
  if (typeof fo !== 'boolean') bad('True or False in fortran_order', safeText(String(fo), 40));
  if (!(sh instanceof PyTuple)) bad('a tuple in shape', safeText(String(sh), 40));
  const descr = d as string;
  if (/O/.test(descr)) bad('a numeric dtype', `the object dtype ${quote(descr, 40)} (pickled Python objects, which are never unpickled)`, 'Save a numeric array, e.g. np.asarray(x, dtype=np.float32).');
  const dm = /^([<>|=])([biuf]\d)$/.exec(descr);
  if (!dm || !KINDS[dm[2]]) bad('a numeric dtype (b1, i1-i8, u1-u8, f2, f4, f8)', quote(descr, 40), 'Convert with arr.astype(np.float32) before saving.');
  const dtype = KINDS[dm![2]];
  const littleEndian = dm![1] !== '>';
  const shape = (sh as PyTuple).items.map((v) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : NaN));
  if (shape.some((x) => !Number.isSafeInteger(x))) bad('a shape of non-negative integers', safeText(String((sh as PyTuple).items), 60));
  const fortranOrder = fo as boolean;
  return { dtype, descr, littleEndian, shape, fortranOrder, headerLength, version };
}

/** Number of elements of a shape. */
function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function checkSize(h: NpyHeader, available: number, opts: Required<NpyReadOptions>): number {
  const n = sizeOf(h.shape);
  const nbytes = n * SIZE[h.dtype];
  if (!(nbytes <= opts.maxBytes)) {
    throw new HepmlError(`${opts.name}: expected at most ${opts.maxBytes} bytes of data (maxBytes), found a header claiming shape [${h.shape.join(', ')}] of ${h.dtype} = ${nbytes} bytes. Raise maxBytes if the file is genuine.`, { where: opts.name });
  }
  if (available < nbytes) {
    throw new HepmlError(`${opts.name}: expected ${nbytes} bytes of ${h.dtype} data for shape [${h.shape.join(', ')}], found ${available} (truncated file).`, { where: opts.name });
  }
  return n;
}

/**
 * Reads an NPY file held in memory.
 * @param bytes the whole file
 * @param options.maxBytes refuse larger arrays before allocating. Default 2**32.
 * @example
 * const { data, shape } = fromNpy(readFileSync('scores.npy'), { maxBytes: 1e8 });
 */
export function fromNpy(bytes: Uint8Array, options: NpyReadOptions = {}): NpyArray {
  const opts = { maxBytes: options.maxBytes ?? DEFAULTS.maxBytes, name: options.name ?? DEFAULTS.name };
  const h = parseNpyHeader(bytes, opts.name);
  const n = checkSize(h, bytes.length - h.headerLength, opts);
  const data = decode(bytes.subarray(h.headerLength, h.headerLength + n * SIZE[h.dtype]), h.dtype, h.littleEndian, n);
  const out = h.fortranOrder && h.shape.length > 1 ? fortranToC(data, h.shape) : data;
  return { dtype: h.dtype, shape: h.shape, data: out };
}

/**
 * Reads an NPY file from disk, checking the header before reading the data.
 * @example
 * const scores = loadNpy('submission.npy', { maxBytes: 1e8 });
 */
export function loadNpy(path: string, options: NpyReadOptions = {}): NpyArray {
  const shown = safeText(path, 200);
  const opts = { maxBytes: options.maxBytes ?? DEFAULTS.maxBytes, name: options.name ?? shown };
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new HepmlError(`${shown}: expected a readable NPY file, found ${(e as NodeJS.ErrnoException).code ?? 'an error'}.`, { where: path, cause: e });
  }
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, 65536 + 12));
    readSync(fd, head, 0, head.length, 0);
    const h = parseNpyHeader(head, opts.name);
    const n = checkSize(h, size - h.headerLength, opts);
    // the data goes straight into the array's own (aligned) buffer: no whole-file copy, no 2 GiB limit
    const nbytes = n * SIZE[h.dtype];
    let raw: Uint8Array;
    try {
      raw = new Uint8Array(nbytes);
    } catch (e) {
      throw new HepmlError(`${shown}: expected memory for ${nbytes} bytes of data, found none (${(e as Error).message}). Read a smaller file or free memory.`, { where: path, cause: e });
    }
    for (let at = 0; at < nbytes;) {
      const got = readSync(fd, raw, at, Math.min(nbytes - at, 1 << 30), h.headerLength + at);
      if (got <= 0) throw new HepmlError(`${shown}: expected ${nbytes} bytes of data, found ${at} (truncated file).`, { where: path });
      at += got;
    }
    const data = decodeOwned(raw, h.dtype, h.littleEndian, n);
    return { dtype: h.dtype, shape: h.shape, data: h.fortranOrder && h.shape.length > 1 ? fortranToC(data, h.shape) : data };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads only the header of an NPY file on disk (what `hepml inspect` shows), whatever the file's size.
 * @example
 * const { dtype, shape } = npyFileHeader('images.npy');
 */
export function npyFileHeader(path: string): NpyHeader {
  const shown = safeText(path, 200);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new HepmlError(`${shown}: expected a readable NPY file, found ${(e as NodeJS.ErrnoException).code ?? 'an error'}.`, { where: path, cause: e });
  }
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, 65536 + 12));
    readSync(fd, head, 0, head.length, 0);
    return parseNpyHeader(head, shown);
  } finally {
    closeSync(fd);
  }
}

function decode(raw: Uint8Array, dtype: NpyDtype, little: boolean, n: number): NpyData {
  return decodeOwned(new Uint8Array(raw), dtype, little, n); // aligned private copy
}

/** Decodes bytes this module owns (byteOffset 0), in place. */
function decodeOwned(copy: Uint8Array, dtype: NpyDtype, little: boolean, n: number): NpyData {
  const size = SIZE[dtype];
  const hostLittle = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
  if (size > 1 && little !== hostLittle) {
    for (let i = 0; i < copy.length; i += size) copy.subarray(i, i + size).reverse();
  }
  const b = copy.buffer;
  switch (dtype) {
    case 'bool': {
      for (let i = 0; i < n; i++) copy[i] = copy[i] ? 1 : 0;
      return copy;
    }
    case 'int8': return new Int8Array(b, 0, n);
    case 'uint8': return copy;
    case 'int16': return new Int16Array(b, 0, n);
    case 'uint16': return new Uint16Array(b, 0, n);
    case 'int32': return new Int32Array(b, 0, n);
    case 'uint32': return new Uint32Array(b, 0, n);
    case 'int64': return new BigInt64Array(b, 0, n);
    case 'uint64': return new BigUint64Array(b, 0, n);
    case 'float32': return new Float32Array(b, 0, n);
    case 'float64': return new Float64Array(b, 0, n);
    case 'float16': {
      const h = new Uint16Array(b, 0, n);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = halfToFloat(h[i]);
      return out;
    }
  }
}

/** IEEE 754 binary16 -> number. */
export function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** Reorders a Fortran-ordered (column-major) array into C order. */
function fortranToC<T extends NpyData>(src: T, shape: readonly number[]): T {
  const n = src.length;
  const out = new (src.constructor as new (n: number) => T)(n);
  const nd = shape.length;
  const fStride = new Array<number>(nd);
  let s = 1;
  for (let d = 0; d < nd; d++) { fStride[d] = s; s *= shape[d]; }
  const idx = new Array<number>(nd).fill(0);
  let f = 0; // Fortran offset of the current C-order index
  for (let c = 0; c < n; c++) {
    out[c] = src[f];
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      f += fStride[d];
      if (idx[d] < shape[d]) break;
      f -= fStride[d] * shape[d];
      idx[d] = 0;
    }
  }
  return out;
}

/** Python literal values an NPY header holds. */
type PyValue = string | number | boolean | null | PyValue[] | PyTuple;
class PyTuple { constructor(readonly items: PyValue[]) {} toString(): string { return `(${this.items.join(', ')})`; } }

/** Parses a Python dict literal of string keys (the NPY header). Throws an Error saying what is wrong. */
function parsePyDict(text: string): Map<string, PyValue> {
  let i = 0;
  const ws = () => { while (i < text.length && /\s/.test(text[i])) i++; };
  const fail = (what: string): never => { throw new Error(`${what} at character ${i}`); };
  const value = (): PyValue => {
    ws();
    const c = text[i];
    if (c === "'" || c === '"') {
      let out = '';
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\') { out += text[i + 1] ?? ''; i += 2; } else out += text[i++];
      }
      if (text[i] !== c) fail('an unterminated string');
      i++;
      return out;
    }
    if (c === '(' || c === '[') {
      const close = c === '(' ? ')' : ']';
      i++;
      const items: PyValue[] = [];
      for (;;) {
        ws();
        if (text[i] === close) { i++; break; }
        items.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== close) fail(`expected , or ${close}`);
      }
      return c === '(' ? new PyTuple(items) : items;
    }
    const m = /^(True|False|None|[+-]?\d+L?)/.exec(text.slice(i, i + 40));
    if (!m) return fail('an unexpected value');
    i += m[1].length;
    if (m[1] === 'True') return true;
    if (m[1] === 'False') return false;
    if (m[1] === 'None') return null;
    return parseInt(m[1], 10);
  };
  ws();
  if (text[i] !== '{') fail('expected {');
  i++;
  const out = new Map<string, PyValue>();
  for (;;) {
    ws();
    if (text[i] === '}') { i++; break; }
    const k = value();
    if (typeof k !== 'string') fail('a non-string key');
    ws();
    if (text[i] !== ':') fail('expected :');
    i++;
    if (out.has(k as string)) fail(`a repeated key '${k as string}'`);
    out.set(k as string, value());
    ws();
    if (text[i] === ',') i++;
    else if (text[i] !== '}') fail('expected , or }');
  }
  ws();
  if (i !== text.length) fail('text after the dict');
  return out;
}
