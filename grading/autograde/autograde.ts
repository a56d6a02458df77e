/**
 * `autograde`: every `SUBS/<student>/<notebook>.ipynb` of a class through the kernel, `jobs` at a time.
 * Pipeline: put back an interrupted earlier output -> read and check the autograder notebooks -> list
 * the students (one folder each; one shard of them with `shard`) -> grade each submission in its own
 * working copy -> write grades.csv, grades.json and the feedback pages as one set.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { INotebookContent } from '@jupyterlab/nbformat';
import { HepmlError } from '../../lib/errors';
import type { Engine } from '../../harness/engine';
import { readNotebook } from '../../harness/notebook';
import { shardFiles, type Shard } from '../../harness/run-all';
import { assignmentCells, type AssignmentCell } from '../assign/metadata';
import { feedbackPages, outputFiles, plain, sortSubmissions, type GradesJson } from './report';
import { gradeSubmission, type SubmissionJob, type SubmissionResult } from './submission';
import { recoverOutput, writeOutputSet, type BeforeSwap } from './write-set';

export interface AutogradeOptions {
  /** The autograder folder written by `assign` (`DIR/autograder`). */
  source: string;
  /** One folder per student, each holding that student's notebooks. */
  submissions: string;
  /** Output folder (replaced as a whole when the run completes). */
  out: string;
  engine: Engine;
  /** Submissions graded at once, one kernel each. Default 1. */
  jobs?: number;
  /** Seconds per cell. Default 600. */
  cellTimeout?: number;
  /** Inject `quick = true` into notebooks that declare it. Default false. */
  quick?: boolean;
  /** `-p NAME=VALUE` strings. Default none. */
  parameters?: Record<string, string>;
  /** Grade only this shard of the students. Default: all. */
  shard?: Shard;
  /** Progress lines. Default: none. */
  log?: (line: string) => void;
  /** Test hook, see writeOutputSet. */
  beforeSwap?: BeforeSwap;
}

const DEFAULTS = { jobs: 1, cellTimeout: 600 };

export interface SourceNotebook {
  notebook: string;
  file: string;
  sha256: string;
  nb: INotebookContent;
  cells: AssignmentCell[];
}

/** Reads the autograder notebooks of `dir` (sorted); each must be a valid nbgrader notebook. */
export function readSources(dir: string): SourceNotebook[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new HepmlError(`--source ${dir}: expected the autograder folder written by \`hepml assign\`, found ${fs.existsSync(dir) ? 'a file' : 'nothing'}.`);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort();
  if (files.length === 0) throw new HepmlError(`--source ${dir}: expected autograder notebooks (*.ipynb), found none. Pass DIR/autograder of \`hepml assign ... --out DIR\`.`);
  return files.map((notebook) => {
    const file = path.join(dir, notebook);
    const bytes = fs.readFileSync(file);
    const nb = readNotebook(file);
    return { notebook, file, sha256: createHash('sha256').update(bytes).digest('hex'), nb, cells: assignmentCells(nb, file) };
  });
}

/** The student folders of `dir`, sorted (dot folders and links are not students). */
export function listStudents(dir: string): string[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new HepmlError(`--submissions ${dir}: expected a folder with one sub-folder per student, found ${fs.existsSync(dir) ? 'a file' : 'nothing'}.`);
  const students = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  if (students.length === 0) {
    const loose = fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb'));
    throw new HepmlError(`--submissions ${dir}: expected one sub-folder per student (SUBS/<student>/<notebook>.ipynb), found ${loose.length ? `${loose.length} notebook(s) but no folders` : 'no folders'}.`);
  }
  return students;
}

const inside = (child: string, parent: string) => {
  const rel = path.relative(path.resolve(parent), path.resolve(child));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

function checkFolders(o: AutogradeOptions): void {
  if (inside(o.out, o.submissions)) throw new HepmlError(`--out ${o.out}: expected a folder outside the submissions ${o.submissions}, found it inside. A submission must never reach the grades.`);
  if (inside(o.submissions, o.out)) throw new HepmlError(`--submissions ${o.submissions}: expected a folder outside --out ${o.out} (which is replaced as a whole), found it inside.`);
  if (inside(o.out, o.source) || inside(o.source, o.out)) throw new HepmlError(`--out ${o.out}: expected a folder apart from --source ${o.source}, found one inside the other.`);
}

/** Runs the whole autograde; returns what grades.json holds. Instructor errors throw a HepmlError of one line. */
export async function autograde(options: AutogradeOptions): Promise<GradesJson> {
  const log = options.log ?? (() => undefined);
  const restored = recoverOutput(options.out);
  if (restored) log(`autograde: put back ${options.out} from ${restored} (an earlier run stopped while replacing it)`);
  checkFolders(options);
  const sources = readSources(options.source);
  const all = listStudents(options.submissions);
  const students = options.shard ? shardFiles(all, options.shard) : all;
  if (options.shard) log(`shard ${options.shard.index}/${options.shard.count}: ${students.length} of ${all.length} students`);
  const jobs: SubmissionJob[] = students.flatMap((student) => sources.map((s) => ({ source: s.nb, cells: s.cells, notebook: s.notebook, student, folder: path.join(options.submissions, student) })));
  const cellTimeout = options.cellTimeout ?? DEFAULTS.cellTimeout;
  const results: SubmissionResult[] = new Array(jobs.length);
  let next = 0;
  const parallel = Math.max(1, Math.min(options.jobs ?? DEFAULTS.jobs, jobs.length));
  // Kernels side by side already use the cores: their network training keeps to one thread (lib/models/parallel).
  const base = options.engine;
  const engine: Engine = parallel > 1 && process.env.HEPML_NN_THREADS === undefined
    ? { name: base.name, start: (o) => base.start({ ...o, env: { HEPML_NN_THREADS: '1', ...o.env } }) }
    : base;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await gradeSubmission(jobs[i], { engine, cellTimeout, quick: options.quick, parameters: options.parameters, log });
      const r = results[i];
      log(`${r.student}/${r.notebook}: ${r.score} / ${r.maxScore}${r.status === 'graded' ? '' : ` [${r.status}] ${r.message ?? ''}`} (${r.seconds.toFixed(1)} s)`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  const sorted = sortSubmissions(results);
  const grades: GradesJson = {
    format: 'hepml-autograde/1',
    generated: new Date().toISOString(),
    source: sources.map((s) => ({ notebook: s.notebook, sha256: s.sha256 })),
    ...(options.shard ? { shard: { index: options.shard.index, count: options.shard.count } } : {}),
    options: { cellTimeout, quick: options.quick ?? false },
    students,
    submissions: sorted.map(plain),
  };
  writeOutputSet(options.out, outputFiles(grades, feedbackPages(sorted)), options.beforeSwap);
  return grades;
}
