/**
 * The instructor's hidden material: `labels.npy` (int32 [N]), and beside it `ids.npy` (row ids,
 * default 0..N-1), `weights.npy` (where a metric needs weights) and `hidden.json` (which challenge
 * these labels belong to). Every problem here is the instructor's: one clear line.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HepmlError } from '../lib/errors';
import { loadNpy } from '../lib/data';
import type { Challenge } from './challenge';
import { METRICS } from './metrics';

export interface HiddenLabels {
  labels: Int32Array;
  ids: Float64Array;
  weights?: Float64Array;
  path: string;
}

function numbers(path: string, what: string): Float64Array {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new HepmlError(`${path}: expected the ${what} file, found ${(e as NodeJS.ErrnoException).code ?? 'an error'}.`, { where: path });
  }
  if (!st.isFile()) throw new HepmlError(`${path}: expected a file of ${what} (.npy), found ${st.isDirectory() ? 'a folder' : 'something that is not a regular file'}.`, { where: path });
  let arr;
  try {
    arr = loadNpy(path, { maxBytes: 2 ** 31 });
  } catch (e) {
    if (e instanceof HepmlError) throw new HepmlError(e.message.split('\n')[0], { where: path, cause: e });
    throw new HepmlError(`${path}: expected a readable NPY file of ${what}, found ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`, { where: path, cause: e });
  }
  if (arr.shape.length !== 1) throw new HepmlError(`${path}: expected ${what} of shape [N], found [${arr.shape.join(', ')}].`, { where: path });
  const out = new Float64Array(arr.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Number(arr.data[i]);
  return out;
}

/** Reads hidden.json (which challenge the labels belong to); one line when it is not a JSON object. */
function hiddenChallenge(meta: string): string | undefined {
  if (!existsSync(meta)) return undefined;
  if (!statSync(meta).isFile()) throw new HepmlError(`${meta}: expected a JSON file such as {"challenge": "ID"}, found ${statSync(meta).isDirectory() ? 'a folder' : 'something that is not a regular file'}.`, { where: meta });
  let m: unknown;
  try {
    m = JSON.parse(readFileSync(meta, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message.split('\n')[0].slice(0, 120);
    throw new HepmlError(`${meta}: expected JSON such as {"challenge": "ID"} (written by 'hepml challenge make'), found text that does not parse (${why}).`, { where: meta });
  }
  if (m === null || typeof m !== 'object' || Array.isArray(m)) {
    throw new HepmlError(`${meta}: expected an object such as {"challenge": "ID"}, found ${m === null ? 'null' : Array.isArray(m) ? 'an array' : typeof m}.`, { where: meta });
  }
  const id = (m as { challenge?: unknown }).challenge;
  if (id !== undefined && typeof id !== 'string') throw new HepmlError(`${meta}: expected "challenge" to be a challenge id (a string), found ${JSON.stringify(id)}.`, { where: meta });
  return id;
}

/**
 * Loads and checks the hidden labels of a challenge.
 * @throws HepmlError (one line): missing or unreadable files, wrong challenge, labels with one class
 *   only, duplicate or non-integer row ids, bad weights
 */
export function loadHidden(labelsPath: string, challenge: Challenge): HiddenLabels {
  if (!existsSync(labelsPath)) throw new HepmlError(`--labels: expected the hidden labels file (hidden/labels.npy from 'hepml challenge make'), found no file ${labelsPath}.`, { where: '--labels' });
  if (!statSync(labelsPath).isFile()) throw new HepmlError(`--labels ${labelsPath}: expected a file (hidden/labels.npy from 'hepml challenge make'), found ${statSync(labelsPath).isDirectory() ? 'a folder' : 'something that is not a regular file'}.`, { where: '--labels' });
  const dir = dirname(labelsPath);
  const made = hiddenChallenge(join(dir, 'hidden.json'));
  if (made && made !== challenge.id) throw new HepmlError(`${labelsPath}: expected labels of challenge ${challenge.id}, found labels made for ${made} (hidden.json).`, { where: '--labels' });
  const raw = numbers(labelsPath, 'labels');
  const n = raw.length;
  if (n === 0) throw new HepmlError(`${labelsPath}: expected at least one label, found none.`, { where: '--labels' });
  const k = challenge.submission.kind === 'multiclass' ? challenge.submission.classes : 2;
  const labels = new Int32Array(n);
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const v = raw[i];
    if (!Number.isInteger(v) || v < 0 || v >= k) throw new HepmlError(`${labelsPath}: expected integer labels in 0..${k - 1}, found ${v} at row ${i}.`, { where: '--labels' });
    labels[i] = v;
    counts[v]++;
  }
  const present = [...counts.keys()].filter((c) => counts[c] > 0);
  if (present.length < 2) {
    const want = k === 2 ? 'both classes (0 and 1)' : `at least 2 of the ${k} classes`;
    throw new HepmlError(`${labelsPath}: expected ${want} in the labels, found only class ${present[0]} (${n} rows). Check that this is the test split's labels file.`, { where: '--labels' });
  }
  const idsPath = join(dir, 'ids.npy');
  const ids = existsSync(idsPath) ? numbers(idsPath, 'row ids') : Float64Array.from({ length: n }, (_, i) => i);
  if (ids.length !== n) throw new HepmlError(`${idsPath}: expected ${n} ids (one per label), found ${ids.length}.`, { where: idsPath });
  checkIds(ids, idsPath);
  const weightsPath = join(dir, 'weights.npy');
  const needsWeights = challenge.metrics.some((m) => METRICS[m.name].needsWeights);
  let weights: Float64Array | undefined;
  if (existsSync(weightsPath)) {
    weights = numbers(weightsPath, 'weights');
    if (weights.length !== n) throw new HepmlError(`${weightsPath}: expected ${n} weights (one per label), found ${weights.length}.`, { where: weightsPath });
    for (let i = 0; i < n; i++) {
      if (!(weights[i] >= 0 && weights[i] < Infinity)) throw new HepmlError(`${weightsPath}: expected finite weights >= 0, found ${weights[i]} at row ${i}.`, { where: weightsPath });
    }
  } else if (needsWeights) {
    throw new HepmlError(`${weightsPath}: expected event weights beside the labels (the ${challenge.id} metrics need them), found no file.`, { where: weightsPath });
  }
  return { labels, ids, weights, path: labelsPath };
}

/** Row ids must be unique non-negative integers below 2**53 (the split hashes them; CSVs name rows by them). */
function checkIds(ids: Float64Array, path: string): void {
  const first = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!Number.isSafeInteger(id) || id < 0) throw new HepmlError(`${path}: expected non-negative integer row ids, found ${id} at row ${i}.`, { where: path });
    const j = first.get(id);
    if (j !== undefined) throw new HepmlError(`${path}: expected unique row ids, found id ${id} at rows ${j} and ${i}.`, { where: path });
    first.set(id, i);
  }
}
