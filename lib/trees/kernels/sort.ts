/**
 * FeatureBinner's column sort on the kernels (`sortColumns`, the radix sort of binning.ts's sortFloat32,
 * same result), the columns split between this thread and the helper thread. Internal module.
 */
import { HelperThread, align, instantiate, type Kernels, type WasmMemory } from './runtime';

/** Values below which the helper thread is not worth waking. */
const THREAD_MIN_VALUES = 1 << 16;
/** Rows copied into the memory per gather step. */
const GATHER_CHUNK_ROWS = 1 << 14;

/** Columns of float32 values in a shared memory, filled by the caller, then sorted by {@link sort}. */
export class ColumnSorter {
  /** Column f at `values[f * rows …]`, `lengths[f]` values (no NaN). */
  readonly values: Float32Array;
  readonly lengths: Int32Array;

  private constructor(private readonly memory: WasmMemory, private readonly kernels: Kernels, private readonly rows: number,
    private readonly cols: number, private readonly tmpAt: number[], private readonly cntAt: number[], private readonly rawAt: number) {
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
    const rawAt = off;
    off = align(off + Math.min(rows, GATHER_CHUNK_ROWS) * cols * 4);
    const made = instantiate(off);
    return made && new ColumnSorter(made.memory, made.kernels, rows, cols, tmpAt, cntAt, rawAt);
  }

  /**
   * Fills the columns from row-major `data` (`cols` values a row): the rows `rows` (all rows of data when
   * null; at most the sorter's rows), in order, NaN and the `sentinel` left out, as FeatureBinner's loop
   * does; in chunks of rows copied into the memory, the columns of each split between the two threads.
   */
  gather(data: Float32Array, rows: ArrayLike<number> | null, sentinel: number | undefined): void {
    const cols = this.cols;
    const n = rows ? rows.length : Math.min(this.rows, data.length / cols);
    const chunk = Math.min(n, GATHER_CHUNK_ROWS);
    const raw = new Float32Array(this.memory.buffer, this.rawAt, chunk * cols);
    this.lengths.fill(0);
    const hasSentinel = sentinel !== undefined ? 1 : 0;
    const sv = sentinel ?? 0;
    const valsAt = this.values.byteOffset;
    const lensAt = this.lengths.byteOffset;
    const helper = cols >= 2 && n * cols >= THREAD_MIN_VALUES ? HelperThread.on(this.memory) : undefined;
    const mid = helper ? cols >> 1 : cols;
    for (let r0 = 0; r0 < n; r0 += chunk) {
      const m = Math.min(chunk, n - r0);
      if (rows) {
        for (let k = 0; k < m; k++) {
          const src = rows[r0 + k] * cols;
          const dst = k * cols;
          for (let f = 0; f < cols; f++) raw[dst + f] = data[src + f];
        }
      } else raw.set(data.subarray(r0 * cols, (r0 + m) * cols));
      const before = helper ? this.lengths.slice(mid) : undefined;
      if (helper) {
        const c = helper.ctl;
        c[1] = this.rawAt; c[2] = m; c[3] = cols; c[4] = mid; c[5] = cols; c[6] = valsAt; c[7] = this.rows; c[8] = lensAt; c[9] = hasSentinel;
        helper.ctlF64[16] = sv;
        helper.go(11);
      }
      this.kernels.gatherColumns(this.rawAt, m, cols, 0, mid, valsAt, this.rows, lensAt, hasSentinel, sv);
      if (helper && !helper.finish()) {
        // The helper's columns restart from their lengths before this chunk (what it wrote is overwritten).
        this.lengths.set(before!, mid);
        this.kernels.gatherColumns(this.rawAt, m, cols, mid, cols, valsAt, this.rows, lensAt, hasSentinel, sv);
      }
    }
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
