/**
 * The instructor's hidden material: `labels.npy` (int32 [N]), and beside it `ids.npy` (row ids,
 * default 0..N-1), `weights.npy` (where a metric needs weights) and `hidden.json` (which challenge
 * these labels belong to). Every problem here is the instructor's: one clear line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HepmlError } from '../lib/errors';
import { loadNpy } from '../lib/data/npy';
import type { Challenge } from './challenge';
import { METRICS } from './metrics';

export interface HiddenLabels {
  labels: Int32Array;
  ids: Float64Array;
  weights?: Float64Array;
  path: string;
}

function numbers(path: string, what: string): Float64Array {
  const arr = loadNpy(path, { maxBytes: 2 ** 31 });
  if (arr.shape.length !== 1) throw new HepmlError(`${path}: expected ${what} of shape [N], found [${arr.shape.join(', ')}].`, { where: path });
  const out = new Float64Array(arr.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Number(arr.data[i]);
  return out;
}

/**
 * Loads and checks the hidden labels of a challenge.
 * @throws HepmlError (one line): missing file, wrong challenge, bad labels, missing weights
 */
export function loadHidden(labelsPath: string, challenge: Challenge): HiddenLabels {
  if (!existsSync(labelsPath)) throw new HepmlError(`--labels: expected the hidden labels file (hidden/labels.npy from 'hepml challenge make'), found no file ${labelsPath}.`, { where: '--labels' });
  const dir = dirname(labelsPath);
  const meta = join(dir, 'hidden.json');
  if (existsSync(meta)) {
    const m = JSON.parse(readFileSync(meta, 'utf8')) as { challenge?: string };
    if (m.challenge && m.challenge !== challenge.id) throw new HepmlError(`${labelsPath}: expected labels of challenge ${challenge.id}, found labels made for ${m.challenge} (hidden.json).`, { where: '--labels' });
  }
  const raw = numbers(labelsPath, 'labels');
  const n = raw.length;
  const k = challenge.submission.kind === 'multiclass' ? challenge.submission.classes! : 2;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = raw[i];
    if (!Number.isInteger(v) || v < 0 || v >= k) throw new HepmlError(`${labelsPath}: expected integer labels in 0..${k - 1}, found ${v} at row ${i}.`, { where: '--labels' });
    labels[i] = v;
  }
  const idsPath = join(dir, 'ids.npy');
  const ids = existsSync(idsPath) ? numbers(idsPath, 'row ids') : Float64Array.from({ length: n }, (_, i) => i);
  if (ids.length !== n) throw new HepmlError(`${idsPath}: expected ${n} ids (one per label), found ${ids.length}.`, { where: idsPath });
  const weightsPath = join(dir, 'weights.npy');
  const needsWeights = challenge.metrics.some((m) => METRICS[m.name].needsWeights);
  let weights: Float64Array | undefined;
  if (existsSync(weightsPath)) {
    weights = numbers(weightsPath, 'weights');
    if (weights.length !== n) throw new HepmlError(`${weightsPath}: expected ${n} weights (one per label), found ${weights.length}.`, { where: weightsPath });
  } else if (needsWeights) {
    throw new HepmlError(`${weightsPath}: expected event weights beside the labels (the ${challenge.id} metrics need them), found no file.`, { where: weightsPath });
  }
  return { labels, ids, weights, path: labelsPath };
}
