/**
 * The metrics registry of the grader: each challenge metric by name, with its direction, what it
 * needs (probabilities, weights) and how it is computed. The formulas live in lib/metrics; this
 * module only adapts a leaderboard part (labels, scores N×C, weights) to them.
 */
import { check, HepmlError } from '../lib/errors';
import { accuracyScore, ams, amsScan, amsScanFromCurve, backgroundRejection, logLoss, multiclassRocAuc, rejectionFromCurve, rocAucFromCurve, rocAucScore, type AmsScan, type ClfCurve } from '../lib/metrics';

export type MetricName = 'roc_auc' | 'rejection' | 'ams' | 'ams_max' | 'log_loss' | 'accuracy' | 'ovr_auc';

/** One leaderboard part, ready to score. */
export interface ScoringPart {
  labels: Int32Array;
  /** Row-major scores, `cols` per row. */
  scores: Float64Array;
  cols: number;
  weights?: Float64Array;
  /** Sums of signal / background weights over ALL test rows (for AMS renormalisation). */
  totalSignalWeight?: number;
  totalBackgroundWeight?: number;
}

export interface MetricParams {
  signalEfficiency?: number;
  bReg?: number;
  threshold?: number;
  renormalise?: boolean;
  /** With `renormalise`: the sums to rescale to (Kaggle's: the training-set totals); default the whole test set's. */
  totals?: { signal: number; background: number };
}

/**
 * The cumulative curves of one part for one submission, computed at most once each and shared by the
 * binary metrics. Only offered when the inputs pass the checks the public functions make (0/1 labels,
 * at least one row, finite scores); `weighted()` is undefined unless the weights are finite and >= 0.
 */
export interface PartCurves {
  plain(): ClfCurve;
  weighted(): ClfCurve | undefined;
}

export interface MetricDef {
  label: string;
  kind: 'binary' | 'multiclass';
  higherIsBetter: boolean;
  needsProbabilities: boolean;
  needsWeights: boolean;
  compute(part: ScoringPart, params: MetricParams): number;
  /** Same value (bit for bit), warnings and errors as `compute`, from the part's shared curves. */
  fromCurve?(curves: PartCurves, part: ScoringPart, params: MetricParams): number;
}

const PARAM_DEFAULTS = { signalEfficiency: 0.3, bReg: 10, threshold: 0.5, renormalise: true };

/**
 * AMS scan of a part. With `renormalise` (default), signal and background weights are rescaled so that
 * they sum to `totals` (or, without it, to the whole test set's sums), as Kaggle did for its public and
 * private leaderboards, each at the training-set totals (HiggsML 2014 documentation; lib/metrics
 * amsScan `totals`).
 */
function scanPart(p: ScoringPart, q: MetricParams): AmsScan {
  if (!p.weights) throw new HepmlError('ams: expected event weights next to the hidden labels (weights.npy), found none. Re-run hepml challenge make.');
  const totals = renormaliseTo(p, q);
  return amsScan(p.labels, p.scores, p.weights, { bReg: q.bReg ?? PARAM_DEFAULTS.bReg, totals });
}

/** The sums a part's weights are rescaled to: none, the params' `totals`, or the whole test set's. */
function renormaliseTo(p: ScoringPart, q: MetricParams): { signal: number; background: number } | undefined {
  if (!(q.renormalise ?? PARAM_DEFAULTS.renormalise)) return undefined;
  return q.totals ?? { signal: p.totalSignalWeight!, background: p.totalBackgroundWeight! };
}

/** {@link scanPart} from the part's weighted curve (amsScan's checks; the weights were checked once). */
function scanCurve(curves: PartCurves, p: ScoringPart, q: MetricParams): AmsScan {
  const curve = curves.weighted();
  if (!curve) return scanPart(p, q);
  const bReg = q.bReg ?? PARAM_DEFAULTS.bReg;
  check(Number.isFinite(bReg) && bReg > 0, 'amsScan bReg', 'a finite number > 0', bReg);
  const totals = renormaliseTo(p, q);
  return amsScanFromCurve(curve, bReg, totals);
}

/** AMS of the selection `score >= threshold`: the scan point with the smallest threshold still >= it. */
function amsAtThreshold(scan: AmsScan, threshold: number, bReg: number): number {
  let i = -1;
  while (i + 1 < scan.thresholds.length && scan.thresholds[i + 1] >= threshold) i++;
  return i < 0 ? ams(0, 0, { bReg }) : scan.ams[i];
}

/** multiclassRocAuc's own row-sum check (scikit-learn's `np.allclose(1, y_score.sum(axis=1))`). */
const OVR_SUM_TOLERANCE = 1e-8 + 1e-5;

/**
 * Rows as given when every row passes multiclassRocAuc's sum check (so scores equal scikit-learn's), else
 * a copy with each row divided by its sum. The validator accepts rows within PROBABILITY_SUM_TOLERANCE
 * (lib/submission), the grader's one tolerance, and every metric is then computed on them.
 */
function rowsSummingToOne(scores: Float64Array, cols: number): Float64Array {
  const rows = scores.length / cols;
  let exact = true;
  for (let r = 0; r < rows && exact; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += scores[r * cols + c];
    if (Math.abs(s - 1) > OVR_SUM_TOLERANCE) exact = false;
  }
  if (exact) return scores;
  const out = new Float64Array(scores.length);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += scores[r * cols + c];
    for (let c = 0; c < cols; c++) out[r * cols + c] = s > 0 ? scores[r * cols + c] / s : 1 / cols;
  }
  return out;
}

/** The metrics, by name. */
export const METRICS: Record<MetricName, MetricDef> = {
  roc_auc: {
    label: 'ROC AUC', kind: 'binary', higherIsBetter: true, needsProbabilities: false, needsWeights: false,
    compute: (p) => rocAucScore(p.labels, p.scores),
    fromCurve: (c) => rocAucFromCurve(c.plain()),
  },
  rejection: {
    label: '1/eps_B at eps_S', kind: 'binary', higherIsBetter: true, needsProbabilities: false, needsWeights: false,
    compute: (p, q) => backgroundRejection(p.labels, p.scores, { signalEfficiency: q.signalEfficiency ?? PARAM_DEFAULTS.signalEfficiency }),
    fromCurve: (c, p, q) => {
      const eff = q.signalEfficiency ?? PARAM_DEFAULTS.signalEfficiency;
      check(Number.isFinite(eff) && eff > 0 && eff <= 1, 'backgroundRejection signalEfficiency', 'a number in (0, 1]', eff, 'Use e.g. 0.3.');
      return rejectionFromCurve(c.plain(), eff);
    },
  },
  ams: {
    label: 'AMS', kind: 'binary', higherIsBetter: true, needsProbabilities: false, needsWeights: true,
    compute: (p, q) => amsAtThreshold(scanPart(p, q), q.threshold ?? PARAM_DEFAULTS.threshold, q.bReg ?? PARAM_DEFAULTS.bReg),
    fromCurve: (c, p, q) => amsAtThreshold(scanCurve(c, p, q), q.threshold ?? PARAM_DEFAULTS.threshold, q.bReg ?? PARAM_DEFAULTS.bReg),
  },
  ams_max: {
    label: 'max AMS', kind: 'binary', higherIsBetter: true, needsProbabilities: false, needsWeights: true,
    compute: (p, q) => scanPart(p, q).best.ams,
    fromCurve: (c, p, q) => scanCurve(c, p, q).best.ams,
  },
  log_loss: {
    label: 'log-loss', kind: 'multiclass', higherIsBetter: false, needsProbabilities: true, needsWeights: false,
    compute: (p) => logLoss(p.labels, { data: p.scores, rows: p.labels.length, cols: p.cols }),
  },
  accuracy: {
    label: 'accuracy', kind: 'multiclass', higherIsBetter: true, needsProbabilities: false, needsWeights: false,
    compute: (p) => accuracyScore(p.labels, { data: p.scores, rows: p.labels.length, cols: p.cols }),
  },
  ovr_auc: {
    label: 'OvR AUC', kind: 'multiclass', higherIsBetter: true, needsProbabilities: false, needsWeights: false,
    compute: (p) => multiclassRocAuc(p.labels, { data: rowsSummingToOne(p.scores, p.cols), rows: p.labels.length, cols: p.cols }),
  },
};

/** Looks a metric up; an unknown name lists the known ones. */
export function getMetric(name: string): MetricDef {
  const m = (METRICS as Record<string, MetricDef>)[name];
  if (!m) throw new HepmlError(`metric: expected one of ${Object.keys(METRICS).join(', ')}, found ${JSON.stringify(name)}.`);
  return m;
}
