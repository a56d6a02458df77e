/**
 * Metrics of classifiers and of physics selections.
 *
 * Naming (as scikit-learn's metrics module): a `*Score` is higher-is-better, a `*Loss` lower-is-better;
 * other names say what they return (`rocCurve`, `backgroundRejection`, `ams`, `asimovZ0`). Options come
 * in one keyword object per function; input is checked at entry (NaN/Inf, lengths, labels, weights) and
 * bad input throws a HepmlError, while degenerate-but-defined cases (no background in a ROC curve) warn
 * and give NaN. The curves (ROC, precision-recall, rejection, AMS scan) share one weighted, sorted,
 * cumulative-count pass (`curve.ts`), as sklearn's `_binary_clf_curve`.
 */
export type { Numbers } from './check';
export { binaryClfCurve, type ClfCurve } from './curve';
export { Curve32Workspace } from './curve32';
export { rocCurve, rocAucScore, rocAucFromCurve, aucTrapezoid, type RocCurve, type RocCurveOptions, type RocAucOptions } from './roc';
export { precisionRecallCurve, type PrecisionRecallCurve, type PrecisionRecallOptions } from './pr';
export { backgroundRejection, rejectionFromCurve, rejectionWithUncertainty, type BackgroundRejectionOptions, type RejectionUncertaintyOptions, type RejectionWithUncertainty } from './rejection';
export { accuracyScore, confusionMatrix, logLoss, type AccuracyOptions, type ConfusionMatrix, type ConfusionMatrixOptions, type LogLossOptions } from './classification';
export { multiclassRocAuc, oneVsRestRocAuc, type MulticlassRocAucOptions } from './multiclass';
export { ams, amsScan, amsScanFromCurve, asimovZ0, asimovZ0Gaussian, type AmsOptions, type AmsScan, type AmsScanOptions, type AsimovOptions, type BackgroundConstraint } from './significance';
export { ksTest, type KsTestOptions, type KsTestResult } from './ks';
export { separationPower, separationScore, type SeparationOptions, type SeparationScoreOptions } from './separation';
export { permutationImportance, type PermutationImportance, type PermutationImportanceOptions } from './permutation';
export { thresholdAtEfficiency, workingPoint, type WorkingPoint, type WorkingPointOptions, type WorkingPointAtOptions } from './working-point';
export { classTotals, splitByLabel, type ByClass, type ByClassOptions } from './by-class';
export { variableAucScore, type VariableAuc, type VariableAucOptions } from './variable-auc';
export { argmax, oneVsRestRoc, scoreColumn, type OneVsRestCurve, type OneVsRestOptions } from './one-vs-rest';
