/**
 * Choosing input features from a correlation matrix: rank the candidates by how well each separates
 * signal from background on its own (ROC AUC in its better direction), then keep them in that order,
 * skipping any feature correlated above `maxCorrelation` with one already kept (it would add little
 * that the network does not already see). Taught in 08-ship-hnl.
 */
import { check } from '../errors';
import type { Matrix } from '../data/matrix';
import { correlationMatrix } from '../stats/correlation';
import { variableAucScore } from '../metrics/variable-auc';

/** Options of {@link selectFeatures}. */
export interface SelectFeaturesOptions {
  /** Candidate features [N, d], with `names`. */
  x: Matrix;
  /** One label per row, 1 = signal. */
  labels: ArrayLike<number>;
  /** How many features to keep. Default: all that pass the correlation cut. */
  count?: number;
  /** Largest |correlation| (on all rows) allowed with a feature already kept. Default 0.8. */
  maxCorrelation?: number;
}

/** One candidate's line of the selection. */
export interface FeatureChoice {
  name: string;
  /** ROC AUC of the feature alone, in its better direction. */
  auc: number;
  /** The kept feature it is most correlated with (before it), and |correlation|. */
  mostCorrelatedWith: string | null;
  maxCorrelation: number;
  kept: boolean;
}

/**
 * Ranks features by separation and drops the strongly correlated ones.
 * @param options x (with names), labels, count (all), maxCorrelation (0.8)
 * @returns `{ selected, choices }`: the kept names in rank order, and one line per candidate
 * @example
 * const { selected } = selectFeatures({ x: ds.matrix(candidates), labels: ds.labels, count: 4 });
 */
export function selectFeatures(options: SelectFeaturesOptions): { selected: string[]; choices: FeatureChoice[]; correlation: ReturnType<typeof correlationMatrix> } {
  const { x, labels } = options;
  check(x && x.names && x.names.length === x.cols, 'selectFeatures x', 'a Matrix with one name per column (ds.matrix(names))', x?.names);
  check(labels && labels.length === x.rows, 'selectFeatures labels', `${x.rows} labels`, labels?.length);
  const maxCorr = options.maxCorrelation ?? 0.8;
  check(maxCorr > 0 && maxCorr <= 1, 'selectFeatures maxCorrelation', 'a number in (0, 1]', maxCorr);
  const count = options.count ?? x.cols;
  check(Number.isInteger(count) && count > 0, 'selectFeatures count', 'a positive integer', count);
  const corr = correlationMatrix(x);
  const col = new Float32Array(x.rows);
  const ranked = x.names.map((name, j) => {
    for (let i = 0; i < x.rows; i++) col[i] = x.data[i * x.cols + j];
    return { j, name, auc: variableAucScore(labels, col).auc };
  }).sort((a, b) => b.auc - a.auc);
  const kept: number[] = [];
  const choices: FeatureChoice[] = ranked.map(({ j, name, auc }) => {
    let worst = 0;
    let with_: string | null = null;
    for (const k of kept) {
      const c = Math.abs(corr.data[j * corr.cols + k]);
      if (c > worst) { worst = c; with_ = x.names![k]; }
    }
    const keep = kept.length < count && !(worst > maxCorr);
    if (keep) kept.push(j);
    return { name, auc, mostCorrelatedWith: with_, maxCorrelation: worst, kept: keep };
  });
  return { selected: kept.map((k) => x.names![k]), choices, correlation: corr };
}
