/**
 * Grades one scanned file into its outcome: refused by name, link or size; read without following
 * links; checked against the collection manifest and the deadline; validated with the students' own
 * validator; scored on both parts. Every message shown is display-safe and bounded; nothing a file holds
 * can stop the others or make the board large.
 */
import { createHash } from 'node:crypto';
import { boundedMessage } from '../lib/errors';
import { SUBMISSION_PROBLEMS, maxSubmissionFileBytes, validateSubmissionBytes, type SubmissionProblem } from '../lib/submission';
import type { GradeContext } from './context';
import type { SubmissionOutcome } from './result';
import { readScanned, type ScannedFile } from './scan';

/** Problems made fit for a public board (display-safe, bounded). */
export function safeProblems(problems: readonly SubmissionProblem[]): SubmissionProblem[] {
  return problems.map((p) => ({ code: p.code, message: boundedMessage(p.message) }));
}

/**
 * Grades one file.
 * @param f the scanned file
 * @param ctx the run's checked inputs
 * @param pool a read buffer reused across files
 */
export function gradeFile(f: ScannedFile, ctx: GradeContext, pool: { buf: Buffer }): SubmissionOutcome {
  const c = ctx.challenge;
  const o: SubmissionOutcome = {
    file: f.file, feedback: f.feedback, group: f.name?.group, model: f.name?.model, identity: f.identity,
    status: 'rejected', problems: [], submitted: new Date(f.mtimeMs).toISOString(), bytes: f.size, notes: [],
  };
  const reject = (problems: SubmissionProblem[]): SubmissionOutcome => ({ ...o, status: 'rejected', problems: safeProblems(problems) });
  if (f.ignored) return { ...o, status: 'ignored', note: boundedMessage(f.ignored) };
  if (f.refused) return reject([f.refused]);
  if (f.nameProblem || !f.name) return reject([SUBMISSION_PROBLEMS.name(f.nameProblem ?? 'expected <group>__<model>.npy or .csv')]);
  const ext = f.name.ext;
  const limit = maxSubmissionFileBytes(c.submission);
  if (f.size > limit) return reject([SUBMISSION_PROBLEMS.size(f.size, limit)]);
  try {
    const read = readScanned(f, limit, pool);
    if (!('bytes' in read)) return reject([read.problem]);
    const bytes = read.bytes;
    o.bytes = bytes.length;
    o.sha256 = createHash('sha256').update(bytes).digest('hex');
    if (ctx.manifest) {
      const entry = ctx.manifest.data.files[f.file];
      if (!entry) return reject([SUBMISSION_PROBLEMS.notRecorded(ctx.manifest.path)]);
      if (entry.sha256 !== o.sha256) return reject([SUBMISSION_PROBLEMS.changedSinceRecorded(new Date(entry.submitted).toISOString())]);
      o.submitted = new Date(entry.submitted).toISOString();
    }
    if (Date.parse(o.submitted) > ctx.deadline) return reject([SUBMISSION_PROBLEMS.late(o.submitted, c.deadline!)]);
    const v = validateSubmissionBytes(bytes, ext, c.submission, { rows: ctx.hidden.labels.length, ids: ctx.hidden.ids, name: f.file });
    if (!v.ok) return reject(v.problems);
    const s = ctx.scorer.score(v.scores, v.cols);
    return { ...o, status: 'ranked', public: s.public, private: s.private, notes: s.notes.map((n) => boundedMessage(n)) };
  } catch (e) {
    return reject([SUBMISSION_PROBLEMS.read((e as Error).message)]);
  }
}
