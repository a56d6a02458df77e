import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { loadChallenge } from '../../grading/challenge';
import { loadHidden } from '../../grading/hidden';
import { METRICS, type ScoringPart } from '../../grading/metrics';
import { makeScorer, metricLabels } from '../../grading/score';
import { partIndices, publicMask } from '../../grading/split';
import { setWarningSink } from '../../lib/errors';
import { binaryToy, tempDir, writeHidden } from './helpers';

/**
 * The scorer shares one cumulative curve per part between its binary metrics (float32 radix path, or
 * the float64 curve for other scores). It must give exactly what each metric's own public function
 * gives on the gathered part, and the same notes.
 */
function slowScores(challengeId: string, labelsPath: string, scores: Float64Array): { public: Record<string, number>; private: Record<string, number>; notes: string[] } {
  const c = loadChallenge(challengeId);
  const hidden = loadHidden(labelsPath, c);
  const idx = partIndices(publicMask(hidden.ids, { fraction: c.publicFraction, seed: c.splitSeed }));
  const labels = metricLabels(c);
  let totalSignalWeight = 0;
  let totalBackgroundWeight = 0;
  hidden.labels.forEach((y, i) => {
    if (!hidden.weights) return;
    if (y === 1) totalSignalWeight += hidden.weights[i];
    else totalBackgroundWeight += hidden.weights[i];
  });
  const out = { public: {} as Record<string, number>, private: {} as Record<string, number>, notes: [] as string[] };
  for (const name of ['public', 'private'] as const) {
    const ix = idx[name];
    const part: ScoringPart = {
      labels: Int32Array.from(ix, (i) => hidden.labels[i]), scores: Float64Array.from(ix, (i) => scores[i]), cols: 1,
      weights: hidden.weights ? Float64Array.from(ix, (i) => hidden.weights![i]) : undefined, totalSignalWeight, totalBackgroundWeight,
    };
    c.metrics.forEach((m, j) => {
      const prev = setWarningSink((w) => out.notes.push(`${labels[j]} on the ${name} part: ${w}`));
      try {
        out[name][labels[j]] = METRICS[m.name].compute(part, m.params ?? {});
      } catch (e) {
        out[name][labels[j]] = NaN;
        out.notes.push(`${labels[j]} on the ${name} part could not be computed: ${(e as Error).message}`);
      } finally {
        setWarningSink(prev);
      }
    });
  }
  return out;
}

describe('grading/score: one shared curve per part', () => {
  let root: string;
  before(() => { root = tempDir(); });
  after(() => rmSync(root, { recursive: true, force: true }));

  for (const [id, weighted] of [['top-tagging-dnn', false], ['higgsml-ams', true]] as const) {
    it(`${id}: fast path equals each metric's own function bit for bit (float32, float64, ties, perfect separation, constant scores)`, () => {
      const n = 3000;
      const toy = binaryToy(n, 5);
      const labelsPath = writeHidden(join(root, id), id, toy.labels, weighted ? { weights: toy.weights } : {});
      const c = loadChallenge(id);
      const scorer = makeScorer(c, loadHidden(labelsPath, c), c.publicFraction);
      const cases: Record<string, Float64Array> = {
        float32: Float64Array.from(new Float32Array(toy.scores)),
        float64: toy.scores,
        ties: Float64Array.from(toy.scores, (v) => Math.round(v * 8) / 8),
        perfect: Float64Array.from(toy.labels, (y, i) => 0.5 * y + 0.01 * (i % 7)),
        constant: new Float64Array(n).fill(0.25),
      };
      for (const [what, s] of Object.entries(cases)) {
        const fast = scorer.score(s, 1);
        const slow = slowScores(id, labelsPath, s);
        for (const part of ['public', 'private'] as const) {
          for (const [k, v] of Object.entries(slow[part])) assert.ok(Object.is(fast[part]![k], v), `${what} ${part} ${k}: ${fast[part]![k]} vs ${v}`);
        }
        assert.deepEqual(fast.notes, slow.notes, `${what}: notes`);
      }
    });
  }
});
