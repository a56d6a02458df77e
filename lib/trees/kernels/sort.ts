/**
 * FeatureBinner's column sort on the kernels (`sortColumns`, the radix sort of binning.ts's sortFloat32,
 * same result), the columns split between this thread and the helper thread. Internal module.
 */
import { HelperThread, align, instantiate, type Kernels, type WasmMemory } from './runtime';

/** Values below which the helper thread is not worth waking. */
const THREAD_MIN_VALUES = 1 << 16;

/** Columns of float32 values in a shared memory, filled by the caller, then sorted by {@link sort}. */
export class ColumnSorter {
  /** Column f at `values[f * rows …]`, `lengths[f]` values (no NaN). */
  readonly values: Float32Array;
  readonly lengths: Int32Array;

  private constructor(private readonly memory: WasmMemory, private readonly kernels: Kernels, private readonly rows: number,
    private readonly cols: number, private readonly tmpAt: number[], private readonly cntAt: number[]) {
    this.values = new Float32Array(memory.buffer, 16, rows * cols);
    this.lengths = new Int32Array(memory.buffer, align(16 + rows * cols * 4), cols);
  }

  /** Room for `cols` columns of up to `rows` values, or undefined where the kernels are not available. */
  static create(rows: number, cols: number): ColumnSorter | undefined {
    let off = align(align(16 + rows * cols * 4) + cols * 4);
    const tmpAt: number[] = [];
    const cntAt: number[] = [];
    for (let t = 0; t < 2; t++) {
      tmpAt.push(off);
      off = align(off + rows * 4);
      cntAt.push(off);
      off += 8192;
    }
    const made = instantiate(off);
    return made && new ColumnSorter(made.memory, made.kernels, rows, cols, tmpAt, cntAt);
  }

  /** Sorts every column ascending in place. */
  sort(): void {
    const { rows, cols } = this;
    const valsAt = this.values.byteOffset;
    const lensAt = this.lengths.byteOffset;
    const helper = cols >= 2 && rows * cols >= THREAD_MIN_VALUES ? HelperThread.on(this.memory) : undefined;
    const mid = helper ? cols >> 1 : cols;
    if (helper) {
      const c = helper.ctl;
      c[1] = valsAt; c[2] = lensAt; c[3] = rows; c[4] = mid; c[5] = cols; c[6] = this.tmpAt[1]; c[7] = this.cntAt[1];
      helper.go(9);
    }
    this.kernels.sortColumns(valsAt, lensAt, rows, 0, mid, this.tmpAt[0], this.cntAt[0]);
    if (helper && !helper.finish()) this.kernels.sortColumns(valsAt, lensAt, rows, mid, cols, this.tmpAt[0], this.cntAt[0]);
  }
}
