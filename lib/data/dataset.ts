/**
 * The columnar Dataset every reader and synthetic generator returns.
 *
 * Columns are typed arrays of equal length, kept in schema order. Labels and weights are separate
 * typed arrays. N-dimensional blocks (jet images [N,C,H,W]) live in `tensors` with their shape.
 */
import { HepmlError } from '../errors';
import { matrix, type Matrix, type NdArray } from './matrix';

export type Column = Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array | Uint16Array | Uint32Array;
export type DType = 'float32' | 'float64' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'uint16' | 'uint32' | 'bool' | 'string';

/** One column as the manifests describe it. */
export interface ColumnSchema {
  name: string;
  dtype: DType;
  unit?: string;
  description?: string;
  /** A value meaning "undefined" (HiggsML −999, WW jets −7). */
  sentinel?: number;
  /** For string columns stored as integer codes: `categories[code]` is the original text. */
  categories?: string[];
}


export interface DatasetInit {
  id: string;
  /** `file:<path>` or `synthetic:<generator>@<seed>`: where the events came from. */
  source: string;
  columns: Record<string, Column>;
  schema?: ColumnSchema[];
  labels?: Int32Array;
  /** Class names, index = label value. */
  classes?: string[];
  weights?: Float32Array | Float64Array;
  tensors?: Record<string, NdArray>;
}

export class Dataset {
  readonly id: string;
  readonly source: string;
  readonly columns: Readonly<Record<string, Column>>;
  readonly schema: readonly ColumnSchema[];
  readonly labels?: Int32Array;
  readonly classes?: readonly string[];
  readonly weights?: Float32Array | Float64Array;
  readonly tensors: Readonly<Record<string, NdArray>>;
  /** Number of events (rows). */
  readonly length: number;

  constructor(init: DatasetInit) {
    this.id = init.id;
    this.source = init.source;
    this.columns = init.columns;
    this.tensors = init.tensors ?? {};
    const names = Object.keys(init.columns);
    this.schema = init.schema ?? names.map((name) => ({ name, dtype: dtypeOf(init.columns[name]) }));
    this.labels = init.labels;
    this.classes = init.classes;
    this.weights = init.weights;
    const lengths = new Set<number>();
    for (const name of names) lengths.add(init.columns[name].length);
    if (init.labels) lengths.add(init.labels.length);
    if (init.weights) lengths.add(init.weights.length);
    for (const t of Object.values(this.tensors)) lengths.add(t.shape[0]);
    if (lengths.size > 1) {
      throw new HepmlError(`${init.id}: expected every column, label, weight and tensor to have the same number of events, found lengths ${[...lengths].join(', ')}.`);
    }
    this.length = lengths.size === 1 ? [...lengths][0] : 0;
  }

  /** Column names in schema order. */
  get columnNames(): string[] {
    return Object.keys(this.columns);
  }

  /** One column; a clear error lists the known names when it is missing. */
  column(name: string): Column {
    const c = this.columns[name];
    if (!c) throw new HepmlError(`${this.id}: no column ${JSON.stringify(name)}. Known columns: ${this.columnNames.join(', ')}.`, { where: name });
    return c;
  }

  /** The named columns as a row-major float32 matrix (the input of estimators and networks). */
  matrix(names: readonly string[] = this.columnNames): Matrix {
    const cols = names.map((n) => this.column(n));
    const rows = this.length;
    const k = cols.length;
    const out = new Float32Array(rows * k);
    for (let j = 0; j < k; j++) {
      const c = cols[j];
      for (let i = 0; i < rows; i++) out[i * k + j] = c[i];
    }
    return matrix(out, rows, k, names);
  }

  /** Events where `mask[i]` is non-zero, as a new Dataset. */
  filter(mask: ArrayLike<number | boolean>): Dataset {
    if (mask.length !== this.length) throw new HepmlError(`${this.id}.filter: expected a mask of length ${this.length}, found ${mask.length}.`);
    const idx: number[] = [];
    for (let i = 0; i < mask.length; i++) if (mask[i]) idx.push(i);
    return this.take(Int32Array.from(idx));
  }

  /** Events at `indices` (in that order), as a new Dataset. */
  take(indices: ArrayLike<number>): Dataset {
    const pick = <T extends Column | Float32Array | Float64Array | Int32Array>(a: T): T => {
      const Ctor = a.constructor as new (n: number) => T;
      const out = new Ctor(indices.length);
      for (let i = 0; i < indices.length; i++) out[i] = a[indices[i]];
      return out;
    };
    const columns: Record<string, Column> = {};
    for (const [n, c] of Object.entries(this.columns)) columns[n] = pick(c);
    const tensors: Record<string, NdArray> = {};
    for (const [n, t] of Object.entries(this.tensors)) {
      const per = t.shape.slice(1).reduce((a, b) => a * b, 1);
      const data = new Float32Array(indices.length * per);
      for (let i = 0; i < indices.length; i++) data.set(t.data.subarray(indices[i] * per, (indices[i] + 1) * per), i * per);
      tensors[n] = { data, shape: [indices.length, ...t.shape.slice(1)] };
    }
    return new Dataset({
      id: this.id,
      source: this.source,
      columns,
      schema: [...this.schema],
      labels: this.labels && pick(this.labels),
      classes: this.classes ? [...this.classes] : undefined,
      weights: this.weights && pick(this.weights),
      tensors,
    });
  }

  /** The first `n` events. */
  head(n: number): Dataset {
    const k = Math.max(0, Math.min(n, this.length));
    return this.take(Int32Array.from({ length: k }, (_, i) => i));
  }
}

function dtypeOf(c: Column): DType {
  if (c instanceof Float32Array) return 'float32';
  if (c instanceof Float64Array) return 'float64';
  if (c instanceof Int32Array) return 'int32';
  if (c instanceof Int16Array) return 'int16';
  if (c instanceof Int8Array) return 'int8';
  if (c instanceof Uint8Array) return 'uint8';
  if (c instanceof Uint16Array) return 'uint16';
  return 'uint32';
}
