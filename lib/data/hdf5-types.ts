/**
 * The types shared by the HDF5 reader (`hdf5.ts`) and its hot decoder (`hdf5-decode.ts`): the table it
 * returns and the minimal views of h5wasm's objects (h5wasm's own types stay private).
 */
import type { Column, DType } from './dataset';

/** A pandas frame read as columns. int64 columns come as Float64Array (exact to 2**53). */
export interface Hdf5Table {
  file: string;
  key: string;
  layout: 'fixed' | 'table';
  /** Total rows in the file, and the rows read. */
  totalRows: number;
  rows: number;
  start: number;
  columns: Record<string, Column>;
  dtypes: Record<string, DType>;
  /** With the `matrixColumns` option: those columns, row-major, `rows x matrixColumns.length`. */
  matrix?: Float32Array;
  /**
   * Text columns (dtype `string`, table layout) come as Int32Array codes: `categories[name][code]` is
   * the text (pandas' missing value is its `nan_rep` text, usually "nan").
   */
  categories?: Record<string, string[]>;
  /** With the `index` option: the frame's index (int64 as Float64Array; text as codes into `indexCategories`). */
  index?: Column;
  indexCategories?: string[];
}

/** Minimal views of the h5wasm objects used here (h5wasm's own types stay private). */
export interface H5Dataset { dtype: unknown; shape: number[] | null; metadata: H5Meta; attrs: Record<string, { value: unknown }>; slice(r: [number, number][]): unknown }
export interface H5Group { keys(): string[]; attrs: Record<string, { value: unknown }>; get(p: string): H5Group | H5Dataset | null; type?: string }
/** The h5wasm metadata fields used here. */
export interface H5Meta {
  type: number;
  size: number;
  signed: boolean;
  littleEndian: boolean;
  vlen?: boolean;
  /** Text padding: 0 null-terminated, 1 null-padded, 2 space-padded. */
  strpad?: number;
  shape?: number[];
  /** Chunk shape of a chunked dataset. */
  chunks?: number[] | null;
  array_type?: H5Meta & { shape: number[] };
  compound_type?: { members: (H5Meta & { name: string; offset: number })[] };
}

export interface H5Raw {
  Module: { _malloc(n: number): number; _free(p: number): void; HEAPU8: Uint8Array; get_dataset_data(f: bigint, p: string, c: bigint[], o: bigint[], s: bigint[], ptr: bigint): number };
}
