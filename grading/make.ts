/**
 * `makeChallenge`: turns a dataset split into a challenge. Writes
 *   DIR/student/  test_features.npy, ids.npy, feature_names.json (tabular), challenge.json, README.md
 *   DIR/hidden/   labels.npy, ids.npy, weights.npy (when a metric needs weights), hidden.json
 * The student folder never holds labels or weights: only the sha256 of labels.npy, so anyone can
 * check later that the grading used the labels fixed on the day the challenge was made.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { HepmlError } from '../lib/errors';
import { labelsOf, loadDataset, synthesize, toNpy, writeFileAtomic, type Dataset } from '../lib/data';
import { loadChallenge, studentView, type Challenge } from './challenge';
import { METRICS } from './metrics';
import { studentReadme } from './student-readme';

export interface MakeOptions {
  /** Output folder (student/ and hidden/ are made inside). */
  out: string;
  /** Synthetic events. Default: the challenge's `dataset.events`. */
  events?: number;
  /** Synthetic seed. Default: the challenge's `dataset.seed`. */
  seed?: number;
  /** A real data file instead of the synthetic stand-in. */
  data?: string;
}

export interface MadeChallenge {
  challenge: Challenge;
  rows: number;
  source: string;
  studentDir: string;
  hiddenDir: string;
  labelsSha256: string;
  featureShape: number[];
}

/** The features given to students: a tensor block, or the chosen columns as a float32 matrix. */
function studentFeatures(c: Challenge, ds: Dataset): { data: Float32Array; shape: number[]; names?: string[] } {
  if (c.dataset.tensor) {
    const t = ds.tensors[c.dataset.tensor];
    if (!t) throw new HepmlError(`${c.id}: expected the dataset ${ds.id} to hold the block ${JSON.stringify(c.dataset.tensor)}, found ${Object.keys(ds.tensors).join(', ') || 'none'}.`);
    return { data: t.data, shape: [...t.shape] };
  }
  const hidden = new Set([...(c.dataset.exclude ?? []), c.idColumn]);
  const names = c.dataset.features ?? ds.columnNames.filter((n) => !hidden.has(n));
  for (const name of names) refuseLeak(ds, name);
  const m = ds.matrix(names);
  return { data: m.data, shape: [m.rows, m.cols], names };
}

/** Refuses a student column that repeats the labels (a truth column missing from `exclude`). */
function refuseLeak(ds: Dataset, name: string): void {
  const col = ds.column(name);
  const y = labelsOf(ds);
  if (y.length < 10) return;
  for (let i = 0; i < y.length; i++) if (col[i] !== y[i]) return;
  throw new HepmlError(`${ds.id}: expected student features without the labels, found column ${JSON.stringify(name)} equal to them. Add it to "dataset.exclude" in the challenge definition.`);
}

/**
 * Makes a challenge's student and hidden material.
 * @example
 * makeChallenge('top-tagging-dnn', { out: 'challenge-dnn', events: 5000, seed: 1 });
 */
export async function makeChallenge(id: string, options: MakeOptions): Promise<MadeChallenge> {
  const c = loadChallenge(id);
  const ds = options.data
    ? await loadDataFlag(c.dataset.id, options.data, c.dataset.split, options.events)
    : synthesize(c.dataset.id, { events: options.events ?? c.dataset.events, seed: options.seed ?? c.dataset.seed });
  if (!ds.labels) throw new HepmlError(`${options.data ?? c.dataset.id}: expected labels to make the hidden set, found none.`);
  const k = c.submission.kind === 'multiclass' ? c.submission.classes : 2;
  for (let i = 0; i < ds.labels.length; i++) {
    if (ds.labels[i] < 0 || ds.labels[i] >= k) throw new HepmlError(`${ds.source}: expected labels in 0..${k - 1} for ${c.id}, found ${ds.labels[i]} at row ${i}.`);
  }
  const needsWeights = c.metrics.some((m) => METRICS[m.name].needsWeights);
  const weights = needsWeights ? ds.weights : undefined;
  if (needsWeights && !weights) throw new HepmlError(`${ds.source}: expected event weights (the ${c.id} metrics need them), found none.`);
  const n = ds.length;
  const ids = Int32Array.from({ length: n }, (_, i) => i);
  const features = studentFeatures(c, ds);
  const labelsBytes = toNpy(Int32Array.from(ds.labels));
  const labelsSha256 = createHash('sha256').update(labelsBytes).digest('hex');

  const hiddenDir = join(options.out, 'hidden');
  const studentDir = join(options.out, 'student');
  mkdirSync(hiddenDir, { recursive: true });
  mkdirSync(studentDir, { recursive: true });
  writeFileAtomic(join(hiddenDir, 'labels.npy'), labelsBytes);
  writeFileAtomic(join(hiddenDir, 'ids.npy'), toNpy(ids));
  if (weights) writeFileAtomic(join(hiddenDir, 'weights.npy'), toNpy(Float64Array.from(weights)));
  writeFileAtomic(join(hiddenDir, 'hidden.json'), JSON.stringify({ challenge: c.id, rows: n, source: ds.source, labelsSha256, weights: needsWeights, note: 'Instructors only: never hand out this folder.' }, null, 2) + '\n');

  writeFileAtomic(join(studentDir, 'test_features.npy'), toNpy(features.data, { shape: features.shape }));
  writeFileAtomic(join(studentDir, 'ids.npy'), toNpy(ids));
  if (features.names) writeFileAtomic(join(studentDir, 'feature_names.json'), JSON.stringify(features.names, null, 2) + '\n');
  const view = { ...studentView(c, n), classes: c.classes ?? (ds.classes ? [...ds.classes] : undefined), featureShape: features.shape, source: ds.source, labelsSha256 };
  writeFileAtomic(join(studentDir, 'challenge.json'), JSON.stringify(view, null, 2) + '\n');
  writeFileAtomic(join(studentDir, 'README.md'), studentReadme(c, n, features.shape, labelsSha256, ds.source));
  return { challenge: c, rows: n, source: ds.source, studentDir, hiddenDir, labelsSha256, featureShape: features.shape };
}

/**
 * Real data for `hepml challenge make --data PATH`, read through the dataset registry of lib/data
 * (`loadDataset(id, { path, split, events })`): grading never parses data formats itself.
 */
async function loadDataFlag(datasetId: string, path: string, split?: string, events?: number): Promise<Dataset> {
  if (!existsSync(path)) throw new HepmlError(`--data: expected a data file, found no file ${path}.`, { where: '--data' });
  return loadDataset(datasetId, { path, split, events, quiet: true });
}
