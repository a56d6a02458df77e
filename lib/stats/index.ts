/**
 * Statistics for physics analyses: weighted histograms with errors, weighted correlation matrices,
 * and the VH significance-driven binning optimisation.
 */
export { histogram, type Histogram, type HistogramOptions } from './histogram';
export { correlationMatrix, type CorrelationMatrix } from './correlation';
export { optimizeBinning, binnedZ0, cutBasedZ0, type Binning, type BinnedZ0, type BinnedZ0Options, type BinningOptions, type CutBasedOptions, type SignificanceForm } from './binning';
export { correlationByClass, type CorrelationByClass, type CorrelationByClassOptions } from './by-class-correlation';
export { sentinelFractions, type SentinelFractionsOptions } from './missing';
export { applyCuts, cutLabel, type Cut, type CutFlow, type CutInput } from './cuts';
export { byClass, oneVsRest, type ClassGroup } from './by-class';
