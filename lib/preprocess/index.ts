/**
 * Preprocessing with scikit-learn's transformer contract (see transformer.ts): scalers, PCA,
 * pipelines, seeded splits, class weights and sentinel handling. Fit transformers on training data only.
 */
export type { Transformer } from './transformer';
export { StandardScaler, type StandardScalerOptions } from './standard-scaler';
export { RobustScaler, type RobustScalerOptions } from './robust-scaler';
export { PCA, type PCAOptions } from './pca';
export { Pipeline } from './pipeline';
export { trainTestSplit, trainValTestSplit, kFold, foldAssignment, balancedSample, applySplit, type SplitIndices, type SplitData, type TrainTestSplitOptions, type TrainValTestSplitOptions, type KFoldSplitOptions, type BalancedSampleOptions } from './split';
export { normalizeClassWeights } from './weights';
export { replaceSentinel, sentinelIndicator, sentinelFreeMeans, type ReplaceSentinelOptions } from './sentinel';
export { selectFeatures, type SelectFeaturesOptions, type FeatureChoice } from './select-features';
