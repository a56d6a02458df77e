/**
 * Shared helpers of the synthetic datasets: schema entries and the `synthetic:<id>@<seed>` source.
 */
import type { Column, ColumnSchema, DType } from '../dataset';

/** Options every synthetic dataset accepts. */
export interface SynthOptions {
  /** Number of events. Default: the dataset's entry in `SYNTHETIC_DEFAULTS`. */
  events?: number;
  /** PRNG seed; the same seed gives the same bytes. Default 42. */
  seed?: number;
}

/** The Dataset `source` string of a synthetic stand-in. */
export function syntheticSource(id: string, seed: number): string {
  return `synthetic:${id}@${seed}`;
}

/** A schema entry; dtype from the array unless given (int64 columns are Float64Array, as the readers do). */
export function entry(name: string, col: Column, extra: Partial<ColumnSchema> = {}): ColumnSchema {
  return { name, dtype: extra.dtype ?? dtypeOf(col), ...extra };
}

function dtypeOf(c: Column): DType {
  if (c instanceof Float32Array) return 'float32';
  if (c instanceof Float64Array) return 'float64';
  if (c instanceof Int32Array) return 'int32';
  if (c instanceof Uint8Array) return 'uint8';
  return 'float64';
}
