/**
 * Seeded test inputs for the scikit-learn/scipy cross-checks, the comparison of our metrics with the
 * reference outputs of reference.py, and (run directly) the writer of fixtures/reference.json:
 *   npx tsx test/metrics/cases.ts   # needs /usr/bin/python3 with sklearn and scipy
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as m from '../../lib/metrics';

/** mulberry32 from lib/physics (not under test here), so the inputs do not depend on lib/metrics. */
import { mulberry32 as rng } from '../../lib/physics/random';

export { rng };

function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

export type Case =
  | { kind: 'binary'; name: string; y: number[]; score: number[]; w?: number[] }
  | { kind: 'multi'; name: string; y: number[]; proba: number[][]; w?: number[] }
  | { kind: 'ks'; name: string; a: number[]; b: number[]; method?: string };

/** Binary, multiclass and KS inputs: random, weighted (with zero weights) and heavily tied. */
export function makeCases(n: number, seed: number): Case[] {
  const u = rng(seed);
  const cases: Case[] = [];
  const bin = (name: string, tie: number, weighted: boolean): void => {
    const y: number[] = [], score: number[] = [], w: number[] = [];
    for (let i = 0; i < n; i++) {
      const yi = u() < 0.4 ? 1 : 0;
      const s = 0.8 * yi + normal(u);
      y.push(yi);
      score.push(tie > 0 ? Math.round(s * tie) / tie : s);
      w.push(u() < 0.1 ? 0 : 2 * u());
    }
    cases.push({ kind: 'binary', name, y, score, w: weighted ? w : undefined });
  };
  bin('random', 0, false);
  bin('weighted', 0, true);
  bin('tied', 2, false);
  bin('tied-weighted', 4, true);
  for (const weighted of [false, true]) {
    const y: number[] = [], proba: number[][] = [], w: number[] = [];
    for (let i = 0; i < n; i++) {
      const yi = Math.floor(u() * 3);
      const z = [0, 1, 2].map((c) => (c === yi ? 0.7 : 0) + normal(u));
      const tie = weighted ? 2 : 0; // the weighted case is also tied
      const zz = tie ? z.map((v) => Math.round(v * tie) / tie) : z;
      const e = zz.map(Math.exp);
      const sum = e[0] + e[1] + e[2];
      y.push(yi);
      proba.push(e.map((v) => v / sum));
      w.push(0.1 + u());
    }
    cases.push({ kind: 'multi', name: weighted ? 'multi-weighted-tied' : 'multi', y, proba, w: weighted ? w : undefined });
  }
  const ks = (name: string, n1: number, n2: number, shift: number, tie: number, method?: string): void => {
    const a = Array.from({ length: n1 }, () => normal(u));
    const b = Array.from({ length: n2 }, () => normal(u) + shift);
    const r = (v: number): number => (tie ? Math.round(v * tie) / tie : v);
    cases.push({ kind: 'ks', name, a: a.map(r), b: b.map(r), method });
  };
  ks('ks-equal', Math.max(20, n >> 3), Math.max(20, n >> 3), 0.5, 0);
  ks('ks-unequal', Math.max(30, n >> 2), Math.max(45, (3 * n) >> 3), 0.2, 0);
  ks('ks-tied', n >> 1, (n >> 1) + 7, 0.1, 4);
  return cases;
}

/** Runs reference.py on the cases; null when python, sklearn or scipy are missing. */
export function runReference(cases: Case[]): { versions: Record<string, string>; results: any[] } | null {
  const r = spawnSync('/usr/bin/python3', [join(__dirname, 'reference.py')], { input: JSON.stringify({ cases }), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error || r.status !== 0) return null;
  return JSON.parse(r.stdout);
}

const TOL = 1e-9;
function close(actual: number, expected: number | null, what: string): void {
  if (expected === null) return assert.ok(!Number.isFinite(actual), `${what}: expected non-finite, found ${actual}`);
  assert.ok(Math.abs(actual - expected) <= TOL * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs reference ${expected}`);
}
function closeAll(actual: ArrayLike<number>, expected: (number | null)[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) close(actual[i], expected[i], `${what}[${i}]`);
}

/** Asserts our metrics against one reference result (1e-9 relative). */
export function compare(c: Case, ref: any): void {
  const at = `${c.kind} ${c.name}`;
  if (c.kind === 'binary') {
    const opts = { weights: c.w };
    for (const [key, drop] of [['roc_drop', true], ['roc_full', false]] as const) {
      const r = m.rocCurve(c.y, c.score, { ...opts, dropIntermediate: drop });
      closeAll(r.fpr, ref[key].fpr, `${at} ${key} fpr`);
      closeAll(r.tpr, ref[key].tpr, `${at} ${key} tpr`);
      assert.equal(r.thresholds[0], Infinity);
      closeAll(r.thresholds.subarray(1), ref[key].thresholds, `${at} ${key} thresholds`);
    }
    close(m.rocAucScore(c.y, c.score, opts), ref.auc, `${at} auc`);
    const pr = m.precisionRecallCurve(c.y, c.score, opts);
    closeAll(pr.precision, ref.pr.precision, `${at} precision`);
    closeAll(pr.recall, ref.pr.recall, `${at} recall`);
    closeAll(pr.thresholds, ref.pr.thresholds, `${at} pr thresholds`);
    close(m.backgroundRejection(c.y, c.score, opts), ref['rejection_0.3'], `${at} rejection@0.3`);
    close(m.backgroundRejection(c.y, c.score, { ...opts, signalEfficiency: 0.5 }), ref['rejection_0.5'], `${at} rejection@0.5`);
    const prob = c.score.map((s) => 1 / (1 + Math.exp(-s)));
    close(m.logLoss(c.y, prob, opts), ref.log_loss, `${at} logLoss`);
    const med = median(c.score);
    const pred = c.score.map((s) => (s > med ? 1 : 0));
    close(m.accuracyScore(c.y, pred, opts), ref.accuracy, `${at} accuracy`);
    closeAll(m.confusionMatrix(c.y, pred, opts).data, ref.confusion, `${at} confusion`);
  } else if (c.kind === 'multi') {
    const k = c.proba[0].length;
    const mat = { data: Float64Array.from(c.proba.flat()), rows: c.y.length, cols: k };
    const opts = { weights: c.w };
    close(m.multiclassRocAuc(c.y, mat, opts), ref.auc_macro, `${at} auc macro`);
    close(m.multiclassRocAuc(c.y, mat, { ...opts, average: 'weighted' }), ref.auc_weighted, `${at} auc weighted`);
    closeAll(m.oneVsRestRocAuc(c.y, mat, opts), ref.auc_none, `${at} auc per class`);
    close(m.logLoss(c.y, mat, opts), ref.log_loss, `${at} logLoss`);
    close(m.accuracyScore(c.y, mat, opts), ref.accuracy, `${at} accuracy`);
    closeAll(m.confusionMatrix(c.y, mat, opts).data, ref.confusion, `${at} confusion`);
  } else {
    const r = m.ksTest(c.a, c.b, { method: (c.method as 'auto') ?? 'auto' });
    close(r.statistic, ref.statistic, `${at} statistic`);
    close(r.pvalue, r.method === 'exact' ? ref.pvalue : ref.kstwobign, `${at} pvalue`);
  }
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

if (require.main === module) {
  const cases = makeCases(120, 20261123);
  const ref = runReference(cases);
  if (!ref) throw new Error('reference.py failed: needs /usr/bin/python3 with sklearn and scipy');
  const file = join(__dirname, 'fixtures', 'reference.json');
  writeFileSync(file, JSON.stringify({ note: 'Written by `npx tsx test/metrics/cases.ts` from reference.py.', versions: ref.versions, cases, results: ref.results }));
  console.log(`wrote ${file} (sklearn ${ref.versions.sklearn}, scipy ${ref.versions.scipy})`);
}
