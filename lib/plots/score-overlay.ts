/**
 * The classic overtraining check: classifier scores of the training sample as filled areas, of the
 * test sample as points with error bars, signal and background, each normalised to unit area.
 */
import { checkSeries, fillBins, resolveEdges } from './bins';
import { Figure } from './figure';
import { binHeights, histogramRows, yScale } from './histograms';
import { type FigureOptions, size } from './inputs';
import { BACKGROUND_COLOR, PANEL, SIGNAL_COLOR } from './theme';
import { check } from '../errors';
import { splitByLabel } from '../metrics/by-class';

/** Scores of one sample (training or test) with their class labels and optional weights. */
export interface LabelledScores {
  scores: ArrayLike<number>;
  labels: ArrayLike<number>;
  weights?: ArrayLike<number>;
}

/** Options of {@link plotScoreOverlay}. */
export interface ScoreOverlayOptions extends FigureOptions {
  /** Training scores with their labels (and weights): the values-with-labels form. */
  train?: LabelledScores;
  /** Test scores with their labels (and weights). */
  test?: LabelledScores;
  /** Label value of the signal in `train` / `test`. Default 1. */
  signal?: number;
  /** Scores of training signal / background events (the pre-split form; use `train` instead). */
  trainSig?: ArrayLike<number>;
  trainBkg?: ArrayLike<number>;
  /** Scores of test signal / background events (the pre-split form; use `test` instead). */
  testSig?: ArrayLike<number>;
  testBkg?: ArrayLike<number>;
  /** Optional event weights, same lengths as the scores. */
  weights?: { trainSig?: ArrayLike<number>; trainBkg?: ArrayLike<number>; testSig?: ArrayLike<number>; testBkg?: ArrayLike<number> };
  /** Number of bins or edges. Default 40. */
  bins?: number | ArrayLike<number>;
  /** Score range. Default: the range of all scores. */
  range?: [number, number];
  /** Log y axis. Default false. */
  logY?: boolean;
  /** Kolmogorov-Smirnov p-values (train vs test) to print under the title. */
  ksPValues?: { signal: number; background: number };
  /** x axis title. Default `'classifier score'`. */
  xLabel?: string;
}

const LABELS = ['signal (train)', 'background (train)', 'signal (test)', 'background (test)'];

/**
 * Plots train (filled) and test (points with errors) score distributions of signal and background.
 * @param options - train and test (`{ scores, labels, weights? }`) with signal (1), or the pre-split trainSig,
 *   trainBkg, testSig, testBkg with weights; bins (40), range, logY (false), ksPValues, xLabel
 * @example
 * show(plotScoreOverlay({ train: { scores: scoreTrain, labels: yTrain }, test: { scores: scoreTest, labels: yTest } }));
 */
export function plotScoreOverlay(options: ScoreOverlayOptions): Figure {
  const parts = overlayParts(options);
  const edges = resolveEdges(options.bins ?? 40, options.range, parts.map((p) => p.values), 'plotScoreOverlay');
  const train: Record<string, number | string>[] = [];
  const test: Record<string, number | string>[] = [];
  let yMax = 0;
  let yMinPositive = Infinity;
  parts.forEach((p, i) => {
    const b = fillBins(edges, p.values, p.weights, false);
    const h = binHeights(edges, b.sumw, b.sumw2, b.total, true);
    const rows = histogramRows(LABELS[i], edges, h.y, h.err);
    if (i < 2) train.push(...rows.outline.filter((r) => !r.edge));
    else test.push(...rows.errors);
    yMax = Math.max(yMax, i < 2 ? rows.yMax : Math.max(0, ...rows.errors.map((r) => r.hi as number)));
    yMinPositive = Math.min(yMinPositive, rows.yMinPositive);
  });
  const { scale, axis, floor } = yScale(options.logY ?? false, yMax, yMinPositive);
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: LABELS, range: [SIGNAL_COLOR, BACKGROUND_COLOR, SIGNAL_COLOR, BACKGROUND_COLOR] },
    legend: { orient: 'top', columns: 2 },
  };
  const shape = { field: 'series', type: 'nominal', title: null, scale: { domain: LABELS, range: ['square', 'square', 'circle', 'circle'] } };
  const x = { field: 'x', type: 'quantitative', title: options.xLabel ?? 'classifier score', scale: { domain: [edges[0], edges[edges.length - 1]], nice: false, zero: false } };
  const y = { field: 'yc', type: 'quantitative', title: 'fraction / bin width', scale, axis, stack: null };
  const ks = options.ksPValues;
  const subtitle = ks ? `KS p-value (train vs test): signal ${ks.signal.toPrecision(3)}, background ${ks.background.toPrecision(3)}` : undefined;
  const title = options.title ?? (subtitle ? 'Train vs test scores' : undefined);
  return new Figure({
    ...(title ? { title: subtitle ? { text: title, subtitle } : title } : {}),
    width: size(options.width, 'plotScoreOverlay.width', PANEL.width),
    height: size(options.height, 'plotScoreOverlay.height', PANEL.height),
    layer: [
      {
        data: { values: train },
        transform: [{ calculate: `max(datum.y, ${floor})`, as: 'yc' }, { calculate: `${floor}`, as: 'y0' }],
        mark: { type: 'area', interpolate: 'step-after', fillOpacity: 0.3, line: { strokeWidth: 1.2 } },
        encoding: { x, y, y2: { field: 'y0' }, color },
      },
      {
        data: { values: test },
        transform: [{ calculate: `max(datum.lo, ${floor})`, as: 'loc' }],
        mark: { type: 'rule', strokeWidth: 1.2 },
        encoding: { x, y: { field: 'loc', type: 'quantitative' }, y2: { field: 'hi' }, color },
      },
      {
        data: { values: test },
        transform: [{ calculate: `max(datum.y, ${floor})`, as: 'yc' }],
        mark: { type: 'point', filled: true, size: 28, opacity: 1 },
        encoding: { x, y, color, shape },
      },
    ],
  });
}

function overlayParts(options: ScoreOverlayOptions): { values: ArrayLike<number>; weights?: ArrayLike<number> }[] {
  if (options?.train !== undefined || options?.test !== undefined) {
    check(options.train !== undefined && options.test !== undefined, 'plotScoreOverlay', 'both train and test as { scores, labels }', options.train ? 'only train' : 'only test');
    const out: { values: ArrayLike<number>; weights?: ArrayLike<number> }[] = [];
    const split = (p: LabelledScores, name: string) => splitByLabel(`plotScoreOverlay.${name}`, checkSeries(p?.scores, p?.weights, `plotScoreOverlay.${name}`).values, p.labels, { weights: p.weights, signal: options.signal });
    const tr = split(options.train, 'train');
    const te = split(options.test, 'test');
    out.push({ values: tr.sig, weights: tr.wSig }, { values: tr.bkg, weights: tr.wBkg }, { values: te.sig, weights: te.wSig }, { values: te.bkg, weights: te.wBkg });
    return out;
  }
  const w = options?.weights ?? {};
  return [
    checkSeries(options?.trainSig, w.trainSig, 'plotScoreOverlay.trainSig'),
    checkSeries(options?.trainBkg, w.trainBkg, 'plotScoreOverlay.trainBkg'),
    checkSeries(options?.testSig, w.testSig, 'plotScoreOverlay.testSig'),
    checkSeries(options?.testBkg, w.testBkg, 'plotScoreOverlay.testBkg'),
  ];
}
