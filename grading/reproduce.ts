/**
 * `hepml grade --reproduce`: a prediction file with its notebook beside it (`<group>__<model>.ipynb`) is
 * rerun, and the predictions it writes are scored like the submitted ones. Equal scores (every metric on
 * every part within 1e-6) mark the submission "reproduced"; anything else "not reproducible", with the
 * reason (the notebook failed, wrote no file, or scored differently).
 *
 * Each notebook runs through the harness runner (`runNotebook`, the same as `hepml run`) in a fresh
 * working folder in the system temp dir, outside --submissions and --out, holding a copy of the notebook,
 * a copy of the challenge's student folder as `student/`, and `node_modules/hepml-course` (the course
 * library). The folder is removed afterwards. This isolates the files a notebook reads and writes; it is
 * not a security sandbox (the kernel runs as the grading user): run untrusted notebooks in a container.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { HepmlError, boundedMessage } from '../lib/errors';
import { validateSubmissionBytes } from '../lib/submission';
import type { Engine } from '../harness/engine';
import { PROJECT_ROOT } from '../harness/kernel/kernelspec';
import { runNotebook } from '../harness/run-notebook';
import type { GradeContext } from './context';
import { isScored, type GradeResult, type Reproduction, type ScoredOutcome, type SubmissionOutcome } from './result';
import { readScanned, scanSubmissions, submissionIdentity, type ScannedFile } from './scan';
import type { PartScores } from './score';

export interface ReproduceOptions {
  /** Runs the notebooks (the tslab kernel: `new KernelEngine()`; a fake in tests). */
  engine: Engine;
  /** The challenge's student folder, copied to `student/` beside the notebook. Default: `student/` beside the labels' `hidden/` folder, when it exists. */
  student?: string;
  /** Per-cell limit in seconds. Default 600. */
  cellTimeout?: number;
  /** Largest difference of a score still "equal". Default 1e-6. */
  tolerance?: number;
  /** Progress lines. Default: none. */
  log?: (line: string) => void;
}

const DEFAULTS = { tolerance: 1e-6, cellTimeout: 600 };

/** The largest notebook rerun (bytes): a course notebook with outputs is a few MB. */
const NOTEBOOK_MAX_BYTES = 64 * 1024 * 1024;

/** The default student folder: `<challenge>/student` for labels at `<challenge>/hidden/labels.npy`. */
function defaultStudent(labels: string): string | undefined {
  const dir = join(dirname(dirname(resolve(labels))), 'student');
  return existsSync(join(dir, 'challenge.json')) ? dir : undefined;
}

/**
 * Reruns the notebook of every graded prediction file that has one and records the outcome's `reproduction`.
 * Notebooks run one after another; a failing or hanging one (cell timeout) only marks its own submission.
 */
export async function reproduceOutcomes(r: GradeResult, ctx: GradeContext, options: ReproduceOptions & { labels: string }): Promise<void> {
  const student = options.student ?? defaultStudent(options.labels);
  if (options.student && !existsSync(options.student)) {
    throw new HepmlError(`--student ${options.student}: expected the challenge's student folder, found no folder.`, { where: '--student' });
  }
  const byFile = new Map(ctx.files.map((f) => [f.file, f]));
  for (const o of r.outcomes) {
    const f = byFile.get(o.file);
    if (!f?.notebook || !isScored(o)) continue;
    options.log?.(`reproducing ${o.file} ...`);
    o.reproduction = await reproduceOne(o, f.notebook, ctx, student, options);
    options.log?.(`  ${o.reproduction.status}: ${o.reproduction.note}`);
  }
}

async function reproduceOne(o: ScoredOutcome, notebook: ScannedFile, ctx: GradeContext, student: string | undefined, options: ReproduceOptions): Promise<Reproduction> {
  const no = (note: string): Reproduction => ({ status: 'not reproducible', note });
  const work = mkdtempSync(join(tmpdir(), 'hepml-repro-'));
  try {
    const stem = o.file.slice(0, o.file.lastIndexOf('.'));
    const nb = join(work, `${stem}.ipynb`);
    const source = readScanned(notebook, NOTEBOOK_MAX_BYTES, { buf: Buffer.alloc(0) });
    if (!('bytes' in source)) return no(`its notebook ${notebook.file} could not be read: ${source.problem.message}`);
    writeFileSync(nb, source.bytes);
    if (student) cpSync(student, join(work, 'student'), { recursive: true, dereference: false });
    mkdirSync(join(work, 'node_modules'));
    symlinkSync(PROJECT_ROOT, join(work, 'node_modules', 'hepml-course'));
    const report = await runNotebook(nb, { engine: options.engine, cellTimeout: options.cellTimeout ?? DEFAULTS.cellTimeout });
    if (report.status !== 'passed') return no(`the notebook failed: ${boundedMessage((report.message ?? report.status).replace(`${nb}: `, ''), 300)}`);
    const made = findOutput(work, o.identity);
    if (!made) return no(`the notebook ran, but wrote no ${o.file} (looked in its folder and in submission_predictions/)`);
    const read = readScanned(made, Number.MAX_SAFE_INTEGER, { buf: Buffer.alloc(0) });
    if (!('bytes' in read)) return no(`its output could not be read: ${read.problem.message}`);
    const v = validateSubmissionBytes(read.bytes, made.ext, ctx.challenge.submission, { rows: ctx.hidden.labels.length, ids: ctx.hidden.ids, name: o.file });
    if (!v.ok) return no(`its output is refused: [${v.problems[0].code}] ${v.problems[0].message}`);
    const s = ctx.scorer.score(v.scores, v.cols);
    const diff = firstDifference(o, s, ctx.metrics, options.tolerance ?? DEFAULTS.tolerance);
    if (diff) return no(diff);
    const tol = options.tolerance ?? DEFAULTS.tolerance;
    return { status: 'reproduced', note: `reran ${stem}.ipynb (${report.cells} code cell${report.cells === 1 ? '' : 's'}, ${report.seconds.toFixed(1)} s): every score equal within ${tol.toExponential()}` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The rerun's prediction file: same identity, at the top of the work folder or in submission_predictions/. */
function findOutput(work: string, identity: string): (ReturnType<typeof scanSubmissions>[number] & { ext: '.npy' | '.csv' }) | undefined {
  for (const dir of [join(work, 'submission_predictions'), work]) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    const hit = scanSubmissions(dir).find((f) => f.name && submissionIdentity(f.name) === identity && !f.ignored && !f.refused);
    if (hit) return { ...hit, ext: hit.name!.ext };
  }
  return undefined;
}

/** The first metric whose rerun score differs from the submitted one by more than `tol`, as a sentence. */
function firstDifference(o: SubmissionOutcome, s: { public?: PartScores; private: PartScores }, metrics: string[], tol: number): string | undefined {
  for (const part of ['public', 'private'] as const) {
    const a = o[part];
    const b = s[part];
    if (!a || !b) continue;
    for (const m of metrics) {
      const x = a[m];
      const y = b[m];
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      if (!(Math.abs(x - y) <= tol)) return `the rerun's ${m} on the ${part} part (${y}) differs from the submitted file's (${x}) by more than ${tol.toExponential()}`;
    }
  }
  return undefined;
}
