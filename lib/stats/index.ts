/**
 * Statistics for physics analyses: weighted histograms with errors, weighted correlation matrices,
 * and the VH significance-driven binning optimisation.
 */
export { histogram, type Histogram, type HistogramOptions } from './histogram';
export { correlationMatrix, type CorrelationMatrix } from './correlation';
export { optimizeBinning, cutBasedZ0, type Binning, type BinningOptions, type CutBasedOptions } from './binning';
export { correlationByClass, type CorrelationByClass, type CorrelationByClassOptions } from './by-class-correlation';
export { sentinelFractions, type SentinelFractionsOptions } from './missing';
