/**
 * What binned features are, on their own (no code): the binner, the trees, the packed forest and the
 * kernels all speak it, so it sits below all of them (no import circle through binning.ts).
 */

/** The bin of missing values (NaN or the sentinel), whatever `maxBins` is. */
export const MISSING_BIN = 255;

/** Binned features: `bins[f * rows + r]` is the bin of row r, feature f (column-major, uint8). */
export interface BinnedMatrix {
  readonly bins: Uint8Array;
  readonly rows: number;
  readonly cols: number;
  /** The same bins row-major (`rowBins[r * cols + f]`), when the transform made them (the kernels do). */
  readonly rowBins?: Uint8Array;
}
