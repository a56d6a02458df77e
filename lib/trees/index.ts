export { FeatureBinner, MISSING_BIN, type FeatureBinnerOptions, type BinnedMatrix } from './binning';
export { Tree } from './tree';
export { BaseBoostingClassifier, type TreeFitOptions } from './boosting';
export { DecisionTreeClassifier, type DecisionTreeOptions } from './decision-tree';
export { AdaBoostClassifier, type AdaBoostOptions } from './adaboost';
export { GradientBoostingClassifier, type GradientBoostingOptions, type BoostingEarlyStopping } from './gradient-boosting';
