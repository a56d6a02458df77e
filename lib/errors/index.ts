/**
 * Errors a student can act on.
 *
 * Every error the library raises on purpose is a {@link HepmlError}. Its message follows one shape:
 * `<where>: expected <what>, found <what>. <how to fix>` where each part is known, so that the
 * first line of a traceback in a notebook is enough to fix the problem.
 */

/** The one error class of hepml-course; `instanceof` works across compiled and tsx-run code. */
export class HepmlError extends Error {
  /** The file, option or column the problem is about, when there is one. */
  readonly where?: string;

  constructor(message: string, options: { where?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HepmlError';
    this.where = options.where;
    // Keep `instanceof` working when targets or bundlers lower classes (as tfjs does in errors.ts).
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/**
 * Builds the standard message `<where>: expected <expected>, found <found>. <fix>`.
 *
 * @example
 * throw new HepmlError(expected('batchSize', 'a positive integer', 0, 'Use e.g. 256.'));
 */
export function expected(where: string, what: string, found: unknown, fix?: string): string {
  const tail = fix ? ` ${fix}` : '';
  return `${where}: expected ${what}, found ${describe(found)}.${tail}`;
}

/** A short, readable rendering of a bad value for an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? value.slice(0, 77) + '...' : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as { length: number }).length}`;
  return `a ${(value as object).constructor?.name ?? typeof value}`;
}

/** Throws a {@link HepmlError} built by {@link expected} unless `condition` holds. */
export function check(condition: unknown, where: string, what: string, found: unknown, fix?: string): asserts condition {
  if (!condition) throw new HepmlError(expected(where, what, found, fix), { where });
}

/** Where warnings go; tests replace it to capture them. Returns the previous sink. */
export type WarningSink = (message: string) => void;
let sink: WarningSink = (message) => console.warn(`hepml warning: ${message}`);
export function setWarningSink(next: WarningSink): WarningSink {
  const previous = sink;
  sink = next;
  return previous;
}

/** Emits a warning (degenerate-but-defined cases whose result is NaN, data-leakage hints, ...). */
export function warn(message: string): void {
  sink(message);
}

export { ENTRY_MESSAGES, type NanPolicy } from './messages';
export { displayText, safeText, quote, nameList, boundedMessage, escapeHtml, EXCERPT_CHARS, MESSAGE_CHARS } from './text';
