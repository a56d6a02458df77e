/**
 * `record(values)`: a notebook states its key figures (AUC, rejection, timings) so that CI can collect
 * them. Values are kept in memory (see {@link recorded}); when `HEPML_RESULTS` names a JSON file (the
 * runner sets it per notebook) they are merged into it; inside a kernel a small table shows them.
 */
import { HepmlError, describe, escapeHtml, warn } from '../errors';
import { html, show } from '../display';
import { inKernel } from '../display/kernel';

/** A recordable value: JSON scalars. */
export type RecordValue = number | string | boolean;
/** Recorded values; non-finite numbers are stored as null (JSON has no NaN). */
export type Recorded = Record<string, RecordValue | null>;

const store: Recorded = {};

function checked(values: Record<string, RecordValue>): Recorded {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new HepmlError(`record: expected an object of named numbers, strings or booleans, found ${describe(values)}.`);
  }
  const out: Recorded = {};
  for (const [key, value] of Object.entries(values)) {
    if (key.trim() === '') throw new HepmlError('record: expected non-empty names, found "". Name each figure, e.g. record({ auc }).');
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) warn(`record: ${key} is ${value}; stored as null.`);
      out[key] = Number.isFinite(value) ? value : null;
    } else if (typeof value === 'string' || typeof value === 'boolean') out[key] = value;
    else throw new HepmlError(`record: ${key}: expected a number, string or boolean, found ${describe(value)}. Record plain figures, e.g. record({ auc: 0.91 }).`);
  }
  return out;
}

/** Merges `values` into the JSON file `file` (atomically: temp file, then rename). */
function mergeIntoFile(file: string, values: Recorded): void {
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  const { writeFileAtomic } = require('../data/atomic-write') as typeof import('../data/atomic-write');
  let current: Recorded = {};
  if (fs.existsSync(file)) {
    try {
      current = JSON.parse(fs.readFileSync(file, 'utf8')) as Recorded;
    } catch {
      warn(`record: ${file} was not valid JSON; starting it afresh.`);
    }
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileAtomic(file, JSON.stringify({ ...current, ...values }, null, 2) + '\n');
}

/** An HTML table of recorded figures. */
export function recordTable(values: Recorded): string {
  const rows = Object.entries(values)
    .map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(typeof v === 'number' ? String(Number(v.toPrecision(6))) : String(v))}</td></tr>`)
    .join('');
  return `<table class="hepml-record"><thead><tr><th>recorded</th><th>value</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/**
 * Records a notebook's key figures. Later calls add names and overwrite equal ones.
 * @param values named numbers, strings or booleans, e.g. `{ auc: 0.912, epochs: 20 }`.
 * @example
 * record({ auc: rocAucScore(y, yScore), rejectionAt30: 41.2 });
 */
export function record(values: Record<string, RecordValue>): void {
  const clean = checked(values);
  Object.assign(store, clean);
  const file = typeof process !== 'undefined' ? process.env.HEPML_RESULTS : undefined;
  if (file) mergeIntoFile(file, clean);
  if (inKernel()) {
    const plain = Object.entries(clean).map(([k, v]) => `${k}: ${v}`).join('\n');
    show(html(recordTable(clean), plain));
  }
}

/** Everything recorded so far in this process (a copy). */
export function recorded(): Recorded {
  return { ...store };
}

/** Forgets what was recorded in this process (tests). The HEPML_RESULTS file is left alone. */
export function clearRecorded(): void {
  for (const k of Object.keys(store)) delete store[k];
}
