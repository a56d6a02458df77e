/**
 * One identity per group and model: `x__m.npy`, `x__m.NPY` and `X__M.csv` name the same submission. When
 * several files share an identity none of them is ranked (which one was meant is unknowable); each is
 * refused with a reason naming all of them.
 */
import { SUBMISSION_PROBLEMS } from '../lib/submission';
import type { SubmissionOutcome } from './result';

/** Marks every outcome whose identity is shared by another graded file as a `duplicate` rejection. */
export function refuseDuplicates(outcomes: SubmissionOutcome[]): void {
  const byIdentity = new Map<string, SubmissionOutcome[]>();
  for (const o of outcomes) {
    if (!o.identity || o.status === 'ignored') continue;
    const list = byIdentity.get(o.identity) ?? [];
    list.push(o);
    byIdentity.set(o.identity, list);
  }
  for (const [identity, list] of byIdentity) {
    if (list.length < 2) continue;
    const names = list.map((o) => o.file).sort();
    for (const o of list) {
      o.status = 'rejected';
      o.problems = [SUBMISSION_PROBLEMS.duplicate(identity, names)];
      delete o.public;
      delete o.private;
      o.notes = [];
    }
  }
}
