/**
 * Confusion matrices: true class on y, predicted class on x, counts or normalised fractions written in
 * the cells.
 */
import { check } from '../errors';
import { Figure } from './figure';
import { type FigureOptions, round, squareMatrix } from './inputs';
import type { SquareMatrixLike } from './correlation';

/** Options of {@link plotConfusion}. */
export interface ConfusionOptions extends FigureOptions {
  /** Counts (or weights): `matrix[true][predicted]`. */
  matrix: SquareMatrixLike;
  /** Class names in index order. */
  classes: string[];
  /** `'true'` (rows sum to 1, default), `'pred'` (columns), `'all'`, or `'none'` (raw counts). */
  normalize?: 'true' | 'pred' | 'all' | 'none';
}

/**
 * Plots a confusion matrix.
 * @param options - matrix, classes, normalize ('true'), title, width
 * @example
 * show(plotConfusion({ matrix: confusionMatrix(y, yPred), classes: ['VH', 'ggF', 'VBF'] }));
 */
export function plotConfusion(options: ConfusionOptions): Figure {
  check(Array.isArray(options?.classes) && options.classes.length > 0, 'plotConfusion.classes', 'an array of class names', options?.classes);
  const classes = options.classes.map(String);
  const { values, n } = squareMatrix(options.matrix, 'plotConfusion.matrix', classes.length);
  const normalize = options.normalize ?? 'true';
  check(['true', 'pred', 'all', 'none'].includes(normalize), 'plotConfusion.normalize', "'true', 'pred', 'all' or 'none'", normalize);
  const rowSum = new Float64Array(n);
  const colSum = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    rowSum[i] += values[i * n + j];
    colSum[j] += values[i * n + j];
    total += values[i * n + j];
  }
  const rows: Record<string, number | string>[] = [];
  let max = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const c = values[i * n + j];
    const d = normalize === 'true' ? rowSum[i] : normalize === 'pred' ? colSum[j] : normalize === 'all' ? total : 1;
    const v = d > 0 ? c / d : 0;
    max = Math.max(max, v);
    rows.push({ truth: classes[i], predicted: classes[j], value: round(v, 6) });
  }
  const cell = Math.max(28, Math.min(70, Math.floor((options.width ?? 360) / n)));
  const format = normalize === 'none' ? (Number.isInteger(total) ? 'd' : '.3~g') : '.2f';
  return new Figure({
    ...(options.title ? { title: options.title } : {}),
    width: cell * n,
    height: cell * n,
    data: { values: rows },
    encoding: {
      x: { field: 'predicted', type: 'ordinal', sort: classes, title: 'predicted class', axis: { labelAngle: n > 4 ? -45 : 0, grid: false } },
      y: { field: 'truth', type: 'ordinal', sort: classes, title: 'true class', axis: { grid: false } },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'value', type: 'quantitative', title: normalize === 'none' ? 'events' : 'fraction', scale: { scheme: 'blues', domain: [0, max > 0 ? max : 1] } } } },
      {
        mark: { type: 'text', fontSize: Math.max(9, Math.min(14, cell / 4)) },
        encoding: {
          text: { field: 'value', type: 'quantitative', format },
          color: { condition: { test: `datum.value > ${0.55 * max}`, value: 'white' }, value: '#222222' },
        },
      },
    ],
  });
}
