import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadNpy } from '../../lib/data/npy';
import {
  parseSubmissionName, submissionFileName, validateScores, writeSubmission, predictForDnnChallenge, predictForCnnChallenge,
  parseScoreCsv, formatScoreCsv, shippedChallengeIds, type StudentChallenge,
} from '../../lib/submission';

const made: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'hepml-sub-'));
  made.push(d);
  return d;
};
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
const binary: StudentChallenge = { id: 'toy', rows: 4, submission: { kind: 'binary', probabilities: true } };
const multi: StudentChallenge = { id: 'toy-mc', rows: 2, submission: { kind: 'multiclass', classes: 3, probabilities: true } };

describe('submission/names', () => {
  it('accepts group__model.npy|csv with safe names and refuses the rest with a reason', () => {
    assert.deepEqual(parseSubmissionName('team_03__dnn-v2.npy'), { group: 'team_03', model: 'dnn-v2', ext: '.npy' });
    assert.deepEqual(parseSubmissionName('A__b.CSV'), { group: 'A', model: 'b', ext: '.csv' });
    for (const bad of ['x.npy', 'a__b__c.npy', '../a__b.npy', 'a b__c.npy', 'a__b.npz', '__b.npy', 'a__<b>.npy', '-a__b.npy']) {
      assert.ok('problem' in parseSubmissionName(bad), bad);
    }
    assert.equal(submissionFileName('g', 'm'), 'g__m.npy');
    assert.throws(() => submissionFileName('g/..', 'm'), /group: expected letters, digits/);
    assert.throws(() => submissionFileName('g', 'a__b'), /model: expected/);
  });
});

describe('submission/validateScores', () => {
  it('checks shape, rows, finiteness, range and multiclass row sums', () => {
    assert.ok(validateScores([0.1, 0.2, 0.3, 0.4], [4], binary.submission, 4).ok);
    const code = (v: ArrayLike<number>, shape: number[], c = binary) => validateScores(v, shape, c.submission, c.rows).problems.map((p) => p.code);
    assert.deepEqual(code([0.1, 0.2, 0.3], [3]), ['rows']);
    assert.deepEqual(code([0.1, NaN, 0.3, 0.4], [4]), ['nonfinite']);
    assert.deepEqual(code([0.1, 2, 0.3, 0.4], [4]), ['range']);
    assert.deepEqual(code([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [4, 2]), ['shape']);
    assert.ok(validateScores([0.2, 0.3, 0.5, 1, 0, 0], [2, 3], multi.submission, 2).ok);
    assert.deepEqual(code([0.2, 0.3, 0.4, 1, 0, 0], [2, 3], multi), ['rowsum']);
  });
});

describe('submission/csv', () => {
  it('round-trips scores through CSV in any row order', () => {
    const ids = Int32Array.of(10, 20, 30);
    const text = formatScoreCsv(ids, [0.5, 0.25, 0.125], 1);
    const lines = text.trim().split('\n');
    const shuffled = [lines[0], lines[3], lines[1], lines[2]].join('\n');
    assert.deepEqual(Array.from(parseScoreCsv(shuffled, ids, binary.submission).values!), [0.5, 0.25, 0.125]);
  });
});

describe('submission/writeSubmission', () => {
  it('writes <dir>/<group>__<model>.npy as float32 after validating with the grader rules', () => {
    const dir = tmp();
    const w = writeSubmission(Float64Array.of(0.1, 0.9, 0.4, 0.6), { challenge: binary, group: 'g', model: 'm', dir });
    assert.equal(w.path, join(dir, 'g__m.npy'));
    const a = loadNpy(w.path);
    assert.equal(a.dtype, 'float32');
    assert.deepEqual(a.shape, [4]);
    assert.deepEqual(readdirSync(dir), ['g__m.npy']);
  });

  it('refuses invalid scores with every reason and writes nothing', () => {
    const dir = tmp();
    assert.throws(() => writeSubmission([0.1, 1.7, 0.4, 0.6], { challenge: binary, group: 'g', model: 'm', dir }), /grader would refuse.*\n\[range\] expected probabilities in \[0, 1\]/);
    assert.throws(() => writeSubmission([0.1, 0.2], { challenge: binary, group: 'g', model: 'm', dir }), /\[rows\] expected 4 rows/);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('refuses a file whose group and model, compared without case, are already in the folder (the grader would refuse both)', () => {
    const dir = tmp();
    writeSubmission(Float64Array.of(0.1, 0.9, 0.4, 0.6), { challenge: binary, group: 'Team', model: 'dnn', dir });
    assert.throws(() => writeSubmission(Float64Array.of(0.2, 0.9, 0.4, 0.6), { challenge: binary, group: 'team', model: 'DNN', dir }), /team__DNN\.npy: expected one file per group and model, found Team__dnn\.npy already/);
    writeSubmission(Float64Array.of(0.3, 0.9, 0.4, 0.6), { challenge: binary, group: 'Team', model: 'dnn', dir }); // overwriting the same file is fine
    assert.deepEqual(readdirSync(dir), ['Team__dnn.npy']);
  });

  it('finds shipped challenges by id and lists them when unknown', () => {
    assert.deepEqual(shippedChallengeIds(), ['higgsml-ams', 'top-tagging-cnn', 'top-tagging-dnn', 'vh-multiclass']);
    const dir = tmp();
    const p = writeSubmission({ data: Float32Array.of(0.5, 0.1, 0.1, 0.1, 0.1, 0.1, 0, 0, 0, 0, 0, 1), rows: 2, cols: 6 }, { challenge: 'vh-multiclass', group: 'g', model: 'mc', dir }).path;
    assert.deepEqual(loadNpy(p).shape, [2, 6]);
    assert.throws(() => writeSubmission({ data: new Float32Array(6), rows: 2, cols: 3 }, { challenge: 'vh-multiclass', group: 'g', model: 'm3', dir }), /expected 6 score columns \(vh-multiclass\), found 3/);
    assert.throws(() => writeSubmission([0.5], { challenge: 'vh-multiclass', group: 'g', model: 'x', dir }), /expected 6 scores per row/);
    assert.throws(() => writeSubmission([0.5], { challenge: 'nope', group: 'g', model: 'm', dir }), /Known challenges: higgsml-ams, top-tagging-cnn/);
  });
});

describe('submission/predictFor*Challenge', () => {
  it('accepts a predict function or precomputed scores and writes a checked file', async () => {
    const dir = tmp();
    const x = { data: new Float32Array(4 * 3), rows: 4, cols: 3 };
    let seen = 0;
    const w = await predictForDnnChallenge((f) => { seen = f.rows!; return Float32Array.of(0.1, 0.2, 0.3, 0.4); }, x, 'g', 'dnn', { dir });
    assert.equal(seen, 4);
    assert.equal(w.challenge, 'top-tagging-dnn');
    const images = { data: new Float32Array(3 * 40 * 40), shape: [3, 40, 40] };
    const c = await predictForCnnChallenge(Float32Array.of(0.9, 0.1, 0.5), images, 'g', 'cnn', { dir });
    assert.deepEqual(Array.from(loadNpy(c.path).data as Float32Array), Array.from(Float32Array.of(0.9, 0.1, 0.5)));
    await assert.rejects(predictForCnnChallenge(Float32Array.of(0.9), images, 'g', 'cnn2', { dir }), /expected one score per test event \(3\), found 1/);
    assert.ok(readFileSync(join(dir, 'g__cnn.npy')).length > 0);
  });
});
