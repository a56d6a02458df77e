/**
 * Training curves: loss (and accuracy, or any other metric) per epoch, training vs validation, one panel
 * per metric side by side.
 */
import { check } from '../errors';
import { Figure } from './figure';
import { type FigureOptions, finiteArray, size } from './inputs';
import { PALETTE } from './theme';

/** A training history: metric name -> one value per epoch (Keras names: loss, val_loss, accuracy, ...). */
export type HistoryLike = Record<string, ArrayLike<number> | undefined>;

/** Options of {@link plotHistory}. */
export interface HistoryOptions extends FigureOptions {
  /** `history.history` of a Keras-like fit, or our `History`'s record. */
  history: HistoryLike;
  /** Metrics to plot, one panel each; `val_<name>` is added to each panel when present. Default: `loss`, and `accuracy`/`acc` when present. */
  metrics?: string[];
  /** Log y axis for the loss panel. Default false. */
  logLoss?: boolean;
  /** Mark one epoch (1-based, as the x axis) with a dashed vertical line in every panel, e.g. the best epoch. */
  markEpoch?: number;
  /** Legend text of the marked epoch. Default `'best epoch'`. */
  markLabel?: string;
}

/**
 * Plots loss and metric curves per epoch.
 * @param options - history, metrics (loss + accuracy if present), logLoss (false), markEpoch, markLabel, title, width, height
 * @example
 * const history = await train(model, data, { epochs: 20, validationSplit: 0.2 });
 * show(plotHistory({ history: history.history }));
 */
export function plotHistory(options: HistoryOptions): Figure {
  const h = options?.history as HistoryLike;
  check(typeof h === 'object' && h !== null, 'plotHistory.history', 'an object of metric arrays such as { loss: [...], val_loss: [...] }', h);
  const metrics = options.metrics ?? ['loss', ...['accuracy', 'acc'].filter((m) => h[m] !== undefined).slice(0, 1)];
  check(metrics.length > 0, 'plotHistory.metrics', 'at least one metric name', metrics);
  const mark = options.markEpoch;
  check(mark === undefined || Number.isFinite(mark), 'plotHistory.markEpoch', 'an epoch number (1-based)', mark);
  const panels = metrics.map((m) => {
    check(h[m] !== undefined || h[`val_${m}`] !== undefined, 'plotHistory.metrics', `a metric present in the history (${Object.keys(h).join(', ')})`, m);
    const rows: Record<string, number | string>[] = [];
    for (const name of [m, `val_${m}`]) {
      if (h[name] === undefined) continue;
      const v = finiteArray(h[name], `plotHistory.history.${name}`);
      for (let e = 0; e < v.length; e++) rows.push({ series: name.startsWith('val_') ? 'validation' : 'training', epoch: e + 1, value: v[e] });
    }
    const log = m === 'loss' && (options.logLoss ?? false);
    const nEpochs = rows.reduce((a, r) => Math.max(a, r.epoch as number), 1);
    const epochTicks = nEpochs <= 10 ? { values: Array.from({ length: nEpochs }, (_, e) => e + 1) } : {}; // few epochs: one tick each, never "1, 2, 2"
    const curves = {
      data: { values: rows },
      mark: { type: 'line', point: { size: 22 } },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch', scale: { zero: false, nice: false }, axis: { tickMinStep: 1, format: 'd', ...epochTicks } },
        y: { field: 'value', type: 'quantitative', title: m, scale: { zero: false, ...(log ? { type: 'log' } : {}) } },
        color: {
          field: 'series',
          type: 'nominal',
          title: null,
          scale: { domain: ['training', 'validation'], range: [PALETTE[0], PALETTE[2]] },
          legend: { orient: 'top', symbolType: 'stroke', symbolStrokeWidth: 2 },
        },
        strokeDash: { field: 'series', type: 'nominal', title: null, scale: { domain: ['training', 'validation'], range: [[1, 0], [6, 3]] }, legend: { orient: 'top', symbolType: 'stroke', symbolStrokeWidth: 2 } },
      },
    };
    const panel = { width: size(options.width, 'plotHistory.width', 320), height: size(options.height, 'plotHistory.height', 240) };
    if (mark === undefined) return { ...panel, ...curves };
    const at = { data: { values: [{ epoch: mark, what: `${options.markLabel ?? 'best epoch'} ${mark}` }] } };
    const rule = { ...at, mark: { type: 'rule', strokeDash: [4, 3], color: '#555555', strokeWidth: 1.4 }, encoding: { x: { field: 'epoch', type: 'quantitative' } } };
    const text = {
      ...at,
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, fontSize: 11, color: '#333333' },
      encoding: { x: { field: 'epoch', type: 'quantitative' }, y: { value: 4 }, text: { field: 'what' } },
    };
    return { ...panel, layer: [curves, rule, text] };
  });
  const shared = { ...(options.title ? { title: options.title } : {}) };
  if (panels.length === 1) return new Figure({ ...shared, ...panels[0] });
  return new Figure({ ...shared, hconcat: panels, resolve: { scale: { y: 'independent' } } });
}
