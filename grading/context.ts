/** The checked inputs of one grading run, shared by the pipeline (`grade.ts`) and its steps. */
import type { Challenge } from './challenge';
import type { HiddenLabels } from './hidden';
import type { SubmissionManifest } from './manifest';
import type { ScannedFile } from './scan';
import type { Scorer } from './score';

/** Everything one grading run needs, checked. */
export interface GradeContext {
  challenge: Challenge;
  hidden: HiddenLabels;
  scorer: Scorer;
  fraction: number;
  primary: string;
  metrics: string[];
  higherIsBetter: boolean;
  deadline: number;
  manifest?: { path: string; data: SubmissionManifest };
  files: ScannedFile[];
}
