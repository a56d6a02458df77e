/**
 * The messages of the common entry checks (feature matrix, labels, weights, fitted state), built in one
 * place as lib/submission/problems.ts builds the submission messages: the preprocessors, the trees and
 * the metrics print the same sentences, and tests compare against these builders. Each follows
 * `<where>: expected X, found Y. <fix>`.
 */

/**
 * What an estimator does with NaN in a feature matrix; each estimator states its policy once, next to
 * its options, and passes it to `checkMatrix` (lib/data). ±Infinity is always refused.
 * - `'reject'`: NaN is an error (the method needs every value, e.g. a mean or a covariance).
 * - `'missing'`: NaN means "missing" and is kept (trees send it down a learned side; scalers pass it through).
 */
export type NanPolicy = 'reject' | 'missing';

/** Message builders of the entry checks (each returns the message text). */
export const ENTRY_MESSAGES = {
  /** The one "call fit first" message of every estimator and transformer. */
  notFitted: (where: string, fitCall: string) =>
    `${where}: this instance is not fitted yet. Call ${fitCall} with the training data first, before predicting, transforming or reading learned attributes.`,
  notMatrix: (where: string) => `${where}: expected a Matrix {data: Float32Array, rows, cols} with data of length rows*cols.`,
  matrixFix: 'Build one with matrix(data, rows, cols) or dataset.matrix(names).',
  columns: (where: string, expected: number, found: number) =>
    `${where}: expected ${expected} columns (as in fit), found ${found}. Use the same features as the training data.`,
  nonFinite: (where: string, value: number, row: number, column: string | number, policy: NanPolicy) =>
    policy === 'missing'
      ? `${where}: expected finite values or NaN (NaN means missing), found ${value} at row ${row}, column ${column}. Replace infinities, e.g. by NaN.`
      : `${where}: expected finite values, found ${value} at row ${row}, column ${column}. Replace sentinel/missing values first (replaceSentinel).`,
  binaryLabel: (where: string, value: string, index: number) =>
    `${where}: expected binary labels 0 (background) or 1 (signal), found ${value} at index ${index}. Map your classes to 0/1 first.`,
  classLabel: (where: string, value: string, index: number, k: number) =>
    `${where}: expected integer class labels in [0, ${k}), found ${value} at index ${index}.`,
  length: (where: string, expected: number, other: string, found: number) =>
    `${where}: expected length ${expected} (the length of ${other}), found length ${found}. Pass arrays of matching length.`,
  negativeWeight: (where: string, value: number, index: number, fix = '') =>
    `${where}: expected non-negative weights, found ${value} at index ${index}.${fix ? ` ${fix}` : ''}`,
};
