/**
 * Writing NPY files numpy loads with `np.load` (format version 1.0, little endian, C order).
 */
import { HepmlError } from '../errors';
import { writeFileAtomic } from './atomic-write';
import type { NpyData } from './npy';

/** Arrays {@link toNpy} can write: Float32/64, Int8/16/32, BigInt64, Uint8/16/32 typed arrays. */
export type NpyWritable = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Uint8Array | Uint16Array | Uint32Array;

export interface NpyWriteOptions {
  /** The array's shape; default `[data.length]`. */
  shape?: readonly number[];
  /** Write a Uint8Array as numpy bool (`|b1`) instead of uint8. Default false. */
  bool?: boolean;
}

function descrOf(data: NpyData, bool: boolean): string {
  if (data instanceof Float32Array) return '<f4';
  if (data instanceof Float64Array) return '<f8';
  if (data instanceof Int8Array) return '|i1';
  if (data instanceof Int16Array) return '<i2';
  if (data instanceof Int32Array) return '<i4';
  if (data instanceof BigInt64Array) return '<i8';
  if (data instanceof Uint8Array) return bool ? '|b1' : '|u1';
  if (data instanceof Uint16Array) return '<u2';
  if (data instanceof Uint32Array) return '<u4';
  throw new HepmlError(`toNpy: expected a Float32/Float64/Int8/Int16/Int32/BigInt64/Uint8/Uint16/Uint32 array, found ${(data as object).constructor.name}.`);
}

/**
 * Encodes a typed array as NPY bytes.
 * @param data the values in C order
 * @param options.shape default `[data.length]`; its product must equal `data.length`
 * @param options.bool write a Uint8Array as `|b1`. Default false.
 * @example
 * writeFileSync('scores.npy', toNpy(Float32Array.of(0.1, 0.9)));
 */
export function toNpy(data: NpyWritable, options: NpyWriteOptions = {}): Uint8Array {
  const shape = options.shape ?? [data.length];
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== data.length || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new HepmlError(`toNpy: expected a shape whose product is the data length ${data.length}, found [${shape.join(', ')}].`);
  }
  const descr = descrOf(data, options.bool ?? false);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const hostLittle = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
  out.set(body, 10 + header.length);
  if (!hostLittle && data.BYTES_PER_ELEMENT > 1) {
    const k = data.BYTES_PER_ELEMENT;
    for (let i = 10 + header.length; i < out.length; i += k) out.subarray(i, i + k).reverse();
  }
  return out;
}

/**
 * Writes an NPY file atomically (temporary file, fsync, rename: see {@link writeFileAtomic}).
 * @example
 * saveNpy('submission_predictions/group1__mlp.npy', yScore);
 */
export function saveNpy(path: string, data: NpyWritable, options: NpyWriteOptions = {}): void {
  writeFileAtomic(path, toNpy(data, options));
}
