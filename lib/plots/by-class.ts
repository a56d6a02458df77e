/**
 * Plots that take values **with labels**, so a notebook never splits by class by hand: overlaid
 * histograms of one variable per class (or per any integer category, such as SHiP's `Event Type`), and
 * train-vs-test score overlays. Signal comes first (blue), as everywhere in the course; the legend sits
 * above the plot, off the data. Taught in 05-jet-images-cnn to 08-ship-hnl.
 */
import { logAxis } from './axes';
import { check, HepmlError, warn } from '../errors';
import type { Figure } from './figure';
import { plotHistograms, type HistogramsOptions } from './histograms';
import { plotScoreOverlay, type LabelledScores, type ScoreOverlayOptions } from './score-overlay';
import { sameLength } from './inputs';

/** Names of the classes: an array indexed by label (`['QCD', 'top']`), a record `{ 1: 'top', 0: 'QCD' }` or a function of the label. */
export type ClassNames = readonly string[] | Readonly<Record<number, string>> | ((label: number) => string);

/** Options of {@link plotClassHistograms}. */
export interface ClassHistogramsOptions extends Omit<HistogramsOptions, 'series'> {
  /** One value per event. */
  values: ArrayLike<number>;
  /** One integer label (class or category) per event (`labelsOf(ds)`). */
  labels: ArrayLike<number> | undefined;
  /** Event weights, one per event. Default: all 1. */
  weights?: ArrayLike<number>;
  /**
   * Legend names of the labels. Default: `'signal'` and `'background'` for labels 1 and 0, else
   * `'class k'`.
   */
  classNames?: ClassNames;
  /** Legend names of signal and background when there are two classes (shorthand for `classNames`). */
  names?: [string, string];
  /** Leave out values equal to this sentinel (e.g. −999, −7). Default: keep all. */
  exclude?: number;
  /** The label drawn first, in the signal colour. Default 1 when present, else the smallest label. */
  signal?: number;
  /**
   * Logarithmic x axis with log-spaced bins (`bins` a number), for variables that span decades such as
   * impact parameters. `range` (default: the positive values' range) must be positive; values ≤ 0 are
   * left out, with a warning that counts them. With `density`, each class is normalised to unit sum
   * (fraction per log-spaced bin). Default false.
   */
  logX?: boolean;
}

/** Groups event indices by label: the labels in drawing order (signal first, then ascending). */
export function groupByLabel(labels: ArrayLike<number>, signal: number | undefined, where: string): { label: number; index: Int32Array }[] {
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (!Number.isInteger(l)) throw new HepmlError(`${where}: expected integer labels, found ${l} at index ${i}.`, { where });
    counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  check(counts.size > 0, where, 'at least one labelled event', 'none');
  const first = signal ?? (counts.has(1) ? 1 : Math.min(...counts.keys()));
  check(counts.has(first), `${where} signal`, `one of the labels present (${[...counts.keys()].sort((a, b) => a - b).join(', ')})`, first);
  const order = [first, ...[...counts.keys()].filter((l) => l !== first).sort((a, b) => a - b)];
  const groups = order.map((label) => ({ label, index: new Int32Array(counts.get(label)!), n: 0 }));
  const at = new Map(order.map((l, k) => [l, k]));
  for (let i = 0; i < labels.length; i++) {
    const g = groups[at.get(labels[i])!];
    g.index[g.n++] = i;
  }
  return groups.map(({ label, index }) => ({ label, index }));
}

function nameOf(names: ClassNames | undefined, label: number): string {
  const n = typeof names === 'function' ? names(label) : names ? (names as Record<number, string>)[label] : undefined;
  return n ?? `class ${label}`;
}

function pick(values: ArrayLike<number>, index: Int32Array): Float64Array {
  const out = new Float64Array(index.length);
  for (let k = 0; k < index.length; k++) out[k] = values[index[k]];
  return out;
}

type LayerSpec = { encoding?: { color?: { legend?: Record<string, unknown> | null }; x?: { axis?: Record<string, unknown> } } };

/** Moves every colour legend of a layered spec above the plot (off the data), `columns` entries per row. */
function legendOnTop(fig: Figure, columns: number): Figure {
  const layers = ((fig.spec as { layer?: LayerSpec[] }).layer ?? []);
  for (const l of layers) {
    const c = l.encoding?.color;
    if (c && c.legend !== null) c.legend = { ...(c.legend ?? {}), orient: 'top', fillColor: null, padding: 2, direction: 'horizontal', columns, columnPadding: 14 };
  }
  return fig;
}

/**
 * Overlaid histograms of one variable, one series per label (class or category).
 * @param options values, labels, weights, classNames, signal (1), and the {@link plotHistograms} options
 * @example
 * show(plotClassHistograms({ values: mass, labels: y, classNames: ['QCD', 'top'], bins: 50, density: true, xLabel: 'jet mass [GeV]' }));
 */
export function plotClassHistograms(options: ClassHistogramsOptions): Figure {
  const { values: allValues, labels: allLabels, weights: allWeights, classNames, names, exclude, signal, logX, ...rest } = options;
  check(allValues && typeof allValues.length === 'number', 'plotClassHistograms.values', 'an array of numbers', allValues);
  if (!allLabels || typeof allLabels.length !== 'number') {
    throw new HepmlError('plotClassHistograms.labels: expected one class label per value (e.g. labelsOf(ds)), found none.', { where: 'plotClassHistograms.labels' });
  }
  sameLength(allValues, allLabels, 'plotClassHistograms.values', 'plotClassHistograms.labels');
  if (allWeights) sameLength(allValues, allWeights, 'plotClassHistograms.values', 'plotClassHistograms.weights');
  let values: ArrayLike<number> = allValues;
  let labels: ArrayLike<number> = allLabels;
  let weights = allWeights;
  if (exclude !== undefined) {
    const keep = Int32Array.from({ length: allValues.length }, (_, i) => i).filter((i) => allValues[i] !== exclude);
    values = pick(allValues, keep);
    labels = pick(allLabels, keep);
    weights = allWeights ? pick(allWeights, keep) : undefined;
  }
  const groups = groupByLabel(labels, signal, 'plotClassHistograms.labels');
  const sig = groups[0].label;
  const binary = groups.length <= 2 && groups.every((g) => g.label === 0 || g.label === 1);
  const nameFor = (label: number) => {
    if (classNames) return nameOf(classNames, label);
    if (names) return label === sig ? names[0] : names[1];
    return binary ? (label === sig ? 'signal' : 'background') : `class ${label}`;
  };
  const series = groups.map((g) => ({
    label: nameFor(g.label),
    values: pick(values, g.index),
    ...(weights ? { weights: pick(weights, g.index) } : {}),
  }));
  if (!logX) return legendOnTop(plotHistograms({ ...rest, series }), Math.min(series.length, 4));
  const n = typeof rest.bins === 'number' ? rest.bins : 50;
  check(Number.isInteger(n) && n > 0, 'plotClassHistograms.bins', 'a number of bins with logX', rest.bins);
  let lo = Infinity;
  let hi = -Infinity;
  let nonPositive = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v > 0)) { nonPositive++; continue; }
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const [a, b] = rest.range ?? [lo, hi];
  check(a > 0 && b > a, 'plotClassHistograms.range', 'a positive [min, max] with logX', rest.range ?? [lo, hi]);
  if (nonPositive > 0) warn(`plotClassHistograms: ${nonPositive} values ≤ 0 left out of the log x axis (${rest.xLabel ?? 'x'}).`);
  const edges = Float64Array.from({ length: n + 1 }, (_, k) => Math.exp(Math.log(a) + ((Math.log(b) - Math.log(a)) * k) / n));
  edges[0] = a; // exp(log(a)) may round above a and drop the smallest value
  edges[n] = b;
  // With log bins, "density" means the fraction of each class per (log-spaced) bin, not per unit of x.
  const perBin = rest.density ? series.map((s) => {
    const w = s.weights ?? new Float64Array(s.values.length).fill(1);
    let sum = 0;
    for (let i = 0; i < s.values.length; i++) if (s.values[i] >= a && s.values[i] <= b) sum += w[i];
    return { ...s, weights: Float64Array.from(w, (v) => (sum > 0 ? v / sum : 0)) };
  }) : series;
  const fig = legendOnTop(plotHistograms({ ...rest, range: undefined, bins: edges, density: false, yLabel: rest.yLabel ?? (rest.density ? 'fraction / bin' : undefined), series: perBin }), Math.min(series.length, 4));
  for (const l of (fig.spec as { layer?: { encoding?: { x?: { scale?: Record<string, unknown>; axis?: Record<string, unknown> } } }[] }).layer ?? []) {
    const x = l.encoding?.x;
    if (x?.scale) {
      const { zero: _zero, ...scale } = x.scale;   // "zero" does not apply to a log scale (Vega-Lite warns)
      x.scale = { ...scale, type: 'log' };
      x.axis = { ...(x.axis ?? {}), ...logAxis(a, b), labelOverlap: true };
    }
  }
  return fig;
}

/** Options of {@link plotTrainTestScores}. */
export interface TrainTestScoresOptions extends Omit<ScoreOverlayOptions, 'trainSig' | 'trainBkg' | 'testSig' | 'testBkg' | 'weights'> {
  train: LabelledScores;
  test: LabelledScores;
  /** The signal label; every other label is background. Default 1. */
  signal?: number;
}

/**
 * The overtraining check (train scores filled, test scores as points) from scores with labels.
 * @param options train {scores, labels, weights}, test {…}, signal (1), and the {@link plotScoreOverlay} options
 * @example
 * show(plotTrainTestScores({ train: { scores: scoreTrain, labels: yTrain }, test: { scores: score, labels: yTest } }));
 */
export function plotTrainTestScores(options: TrainTestScoresOptions): Figure {
  const { train, test, signal, ...rest } = options;
  check(train && train.scores && train.labels, 'plotTrainTestScores.train', '{ scores, labels }', train);
  check(test && test.scores && test.labels, 'plotTrainTestScores.test', '{ scores, labels }', test);
  const s = signal ?? 1;
  for (const [p, where] of [[train, 'plotTrainTestScores.train'], [test, 'plotTrainTestScores.test']] as const) {
    let nSig = 0;
    for (let i = 0; i < p.labels.length; i++) if (p.labels[i] === s) nSig++;
    check(nSig > 0 && nSig < p.labels.length, `${where}.labels`, `both signal (${s}) and background events`, `${nSig} signal, ${p.labels.length - nSig} background`);
  }
  // Probabilities: the full [0, 1] range, so train and test (and two networks) are read on one scale.
  const inUnit = [train.scores, test.scores].every((v) => Array.prototype.every.call(v, (x: number) => x >= 0 && x <= 1));
  const fig = legendOnTop(plotScoreOverlay({ ...rest, range: rest.range ?? (inUnit ? [0, 1] : undefined), train, test, signal }), 2);
  for (const l of (fig.spec as { layer?: LayerSpec[] }).layer ?? []) {
    if (l.encoding?.x) l.encoding.x.axis = { ...(l.encoding.x.axis ?? {}), labelOverlap: true, tickCount: 10 };
  }
  return fig;
}
