/**
 * Names NPY dtypes: numpy descriptors (`<f4`, `|u1`, `|O`) and plain names (`float32`) map to one
 * {@link SubmissionDType}, or to `null` for anything that is not a plain number (object, string, void,
 * structured, complex).
 */
import { SUBMISSION_DTYPES, type SubmissionDType } from './rules';

const DESCR: Record<string, SubmissionDType> = {
  f2: 'float16', f4: 'float32', f8: 'float64',
  i1: 'int8', i2: 'int16', i4: 'int32', i8: 'int64',
  u1: 'uint8', u2: 'uint16', u4: 'uint32', u8: 'uint64',
  b1: 'bool',
};

/** The numeric dtype named by `dtype`, or null when it is not numeric. */
export function submissionDType(dtype: string): SubmissionDType | null {
  if ((SUBMISSION_DTYPES as readonly string[]).includes(dtype)) return dtype as SubmissionDType;
  const m = /^[<>|=]?([a-zA-Z]\d*)$/.exec(dtype);
  return m ? DESCR[m[1]] ?? null : null;
}

/** Bytes per element of a numeric dtype. */
export function itemSize(dtype: SubmissionDType): number {
  if (dtype === 'bool' || dtype.endsWith('int8')) return 1;
  return Number(/\d+$/.exec(dtype)![0]) / 8;
}
