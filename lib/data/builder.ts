/**
 * A growable typed-array column for readers that do not know the row count in advance (CSV, jagged
 * ROOT branches). Values go into fixed-size blocks; `finish()` concatenates them once, so peak memory
 * is the final array plus one block, never a doubling buffer plus a copy.
 */
import type { Column } from './dataset';

type Ctor = new (n: number) => Column;
const BLOCK = 1 << 16;

export class ColumnBuilder {
  private blocks: Column[] = [];
  private current: Column;
  private used = 0;
  /** Number of values pushed so far. */
  length = 0;

  // blocks start small and double up to blockSize, so thousands of short columns stay cheap
  constructor(private readonly ctor: Ctor, private readonly blockSize = BLOCK) {
    this.current = new ctor(Math.min(blockSize, 16));
  }

  push(v: number): void {
    if (this.used === this.current.length) {
      this.blocks.push(this.current);
      this.current = new this.ctor(Math.min(this.blockSize, this.current.length * 2));
      this.used = 0;
    }
    this.current[this.used++] = v;
    this.length++;
  }

  /** All values in one typed array of exactly `length` elements; the builder is emptied. */
  finish(): Column {
    const out = new this.ctor(this.length);
    let at = 0;
    for (const b of this.blocks) {
      out.set(b as never, at);
      at += b.length;
    }
    out.set(this.current.subarray(0, this.used) as never, at);
    this.blocks = [];
    this.used = 0;
    return out;
  }
}
