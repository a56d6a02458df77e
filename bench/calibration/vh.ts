/**
 * Calibration of the `vh-multiclass` stand-in against Basso's talk (CAP 2020; ../shared/CALIBRATION.md,
 * VH section): the Run-1 cut-based Z0 (from the generator alone), and the figures of notebook 09's
 * pipeline — Z0 of the optimised binning on the held-out 20 %, its number of bins and the VH-vs-rest
 * AUC — read from the notebook's recorded results (the notebook run through the harness, so the table
 * measures exactly what a student gets). `quick` runs the notebook at a third of the default size with
 * fewer epochs (the same pipeline, a noisier figure; its tolerances are wider).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { asimovZ0 } from '../../lib/metrics';
import { generateVh, VH_RUN1_CUTS } from '../../lib/physics/gen/vh';
import type { CalibrationCheck, CalibrationRow } from './types';

const SOURCE = 'Basso, CAP 2020 (CALIBRATION.md, VH)';
const ROOT = resolve(__dirname, '../..');
const NOTEBOOK = 'notebooks/09-vh-multiclass.ipynb';

/** Z0 (σ_b = 10 %, Gaussian constraint) of the nine Run-1 cuts on `events` generated events. */
export function run1Z0(events: number, seed = 1): { z0: number; s: number; b: number } {
  const { columns: c, labels, weights } = generateVh({ events, seed });
  let s = 0, b = 0;
  for (let i = 0; i < labels.length; i++) {
    const pass = VH_RUN1_CUTS.every((cut) => {
      const x = cut.center === undefined ? c[cut.column][i] : Math.abs(c[cut.column][i] - cut.center);
      switch (cut.op) {
        case '<': return x < cut.value;
        case '<=': return x <= cut.value;
        case '>': return x > cut.value;
        case '>=': return x >= cut.value;
        default: return x === cut.value;
      }
    });
    if (pass) { if (labels[i] === 0) s += weights[i]; else b += weights[i]; }
  }
  return { z0: asimovZ0(s, b, { sigmaB: 0.1 * b, constraint: 'gaussian' }), s, b };
}

/** Runs notebook 09 with the given parameters and returns its recorded figures. */
function notebookFigures(params: Record<string, number>): Record<string, number> {
  const out = mkdtempSync(join(tmpdir(), 'hepml-calib-vh-'));
  try {
    const args = ['bin/hepml.js', 'run', NOTEBOOK, '--cell-timeout', '1200', '--out', out, ...Object.entries(params).flatMap(([k, v]) => ['-p', `${k}=${v}`])];
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`calibration vh: ${NOTEBOOK} failed: ${(r.stdout + r.stderr).trim().split('\n').slice(-3).join(' ')}`);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { notebooks: Record<string, { results: Record<string, number> }> };
    return Object.values(results.notebooks)[0].results;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const rowOf = (figure: string, standIn: number, real: number | string, lo: number, hi: number, tolerance: string): CalibrationRow => ({
  dataset: 'vh-multiclass', figure, standIn: Number(standIn.toPrecision(4)), real, tolerance, ok: standIn >= lo && standIn <= hi, source: SOURCE,
});

export const check: CalibrationCheck = {
  dataset: 'vh-multiclass',
  async run({ quick }) {
    const cutBased = run1Z0(quick ? 40000 : 200000);
    const f = notebookFigures(quick ? { events: 20000, epochs: 10, searchTrials: 1 } : {});
    const w = quick ? 2 : 1; // the quick run is smaller: wider tolerances
    const at = quick ? ' [quick: 20k events, 10 epochs]' : '';
    const row = (figure: string, ...rest: [number, number | string, number, number, string]) => rowOf(figure + at, ...rest);
    return [
      rowOf(`Z0, Run-1 cut-based (9 cuts, σ_b = 10 %; ${quick ? '40k' : '200k'} events)`, cutBased.z0, 0.29, 0.29 - 0.05 * w, 0.29 + 0.05 * w, `± ${(0.05 * w).toFixed(2)}`),
      row('Z0, optimised binning of the VH discriminant (held-out 20 %)', f.z0Binned, 0.97, 0.97 - 0.3 * w, 0.97 + 0.3 * w, `± ${(0.3 * w).toFixed(1)}`),
      row('number of bins of the optimised binning', f.nBins, 10, quick ? 3 : 6, quick ? 20 : 15, quick ? '3–20' : '6–15'),
      row('ROC AUC, VH vs rest (held-out 20 %)', f.aucVhVsRest, '≈ 0.87', 0.87 - 0.03 * w, 0.87 + 0.03 * w, `± ${(0.03 * w).toFixed(2)}`),
    ];
  },
};
