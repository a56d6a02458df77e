/**
 * Shared helpers of the calibration checks: row builders, a row-subset matrix, and the independent
 * scikit-learn cross-check (bench/python/calibration_sklearn.py on a `hepml data synth` npz), which
 * runs only where Debian's /usr/bin/python3 is installed and not in quick mode.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CalibrationRow } from './types';
import type { Matrix } from '../../lib/data/matrix';

const ROOT = join(__dirname, '..', '..');
export const PYTHON = '/usr/bin/python3';

/** A row whose stand-in value must lie in [lo, hi]. */
export function within(dataset: string, figure: string, standIn: number, real: number | string, lo: number, hi: number, source: string): CalibrationRow {
  const ok = Number.isFinite(standIn) && standIn >= lo && standIn <= hi;
  return { dataset, figure, standIn: round(standIn), real, tolerance: `[${round(lo)}, ${round(hi)}]`, ok, source };
}

/** A row that holds when `ok` (a qualitative lesson, e.g. "the pair with the largest change"). */
export function holds(dataset: string, figure: string, standIn: number | string, real: number | string, ok: boolean, tolerance: string, source: string): CalibrationRow {
  return { dataset, figure, standIn: typeof standIn === 'number' ? round(standIn) : standIn, real, tolerance, ok, source };
}

export function round(x: number): number {
  return Math.abs(x) >= 100 ? Math.round(x * 10) / 10 : Math.round(x * 1e4) / 1e4;
}

/** The rows `idx` of a matrix, as a new matrix. */
export function rows(x: Matrix, idx: ArrayLike<number>): Matrix {
  const out = new Float32Array(idx.length * x.cols);
  for (let r = 0; r < idx.length; r++) out.set(x.data.subarray(idx[r] * x.cols, (idx[r] + 1) * x.cols), r * x.cols);
  return { data: out, rows: idx.length, cols: x.cols, names: x.names };
}

/** Quantile q of the values of `a` selected by `keep`. */
export function quantile(a: ArrayLike<number>, q: number, keep: (i: number) => boolean = () => true): number {
  const v: number[] = [];
  for (let i = 0; i < a.length; i++) if (keep(i)) v.push(a[i]);
  v.sort((x, y) => x - y);
  return v.length ? v[Math.min(v.length - 1, Math.floor(q * v.length))] : NaN;
}

/**
 * Runs the scikit-learn cross-check on `events` stand-in events of `id` (seed 1); null where Python
 * is absent or in quick mode. Returns the script's JSON figures.
 */
export function sklearn(id: string, events: number, quick: boolean): Record<string, number | string> | null {
  if (quick || !existsSync(PYTHON)) return null;
  const dir = mkdtempSync(join(tmpdir(), 'hepml-calib-'));
  try {
    const file = join(dir, `${id}.npz`);
    const synth = spawnSync(process.execPath, [join(ROOT, 'bin', 'hepml.js'), 'data', 'synth', id, '--events', String(events), '--seed', '1', '--out', file], { encoding: 'utf8' });
    if (synth.status !== 0) throw new Error(`hepml data synth ${id}: ${synth.stderr}`);
    const py = spawnSync(PYTHON, [join(ROOT, 'bench', 'python', 'calibration_sklearn.py'), id, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (py.status !== 0) {
      console.log(`(scikit-learn cross-check of ${id} failed: ${py.stderr.trim().split('\n').pop()})`);
      return null;
    }
    return JSON.parse(py.stdout.trim().split('\n').pop()!) as Record<string, number | string>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
