/**
 * Autograde cost, on the tiny fixture assignment (test/fixtures/assign/homework.ipynb):
 * 1. per-submission overhead: `gradeSubmission` (restore cells, copy the folder, run, score) against
 *    `runNotebook` of the same notebook (what `hepml run` does), median of a few runs each;
 * 2. a class of AUTOGRADE_BENCH_SUBMISSIONS (default 20) graded with --jobs 1 and --jobs 2.
 * Target: jobs 2 >= 1.7x jobs 1 on a 2-core machine that is otherwise idle. Kernel starts dominate, so
 * the load average (printed with each figure) moves the result: only same-run ratios mean anything.
 * Each class run also prints the CPU-seconds per submission (this process and its kernels, Linux only),
 * which the load hardly moves and which bounds jobs 2 (cores x wall >= CPU). Autograde starts its kernels
 * from the startup snapshot, as `hepml autograde` does; HEPML_KERNEL_SNAPSHOT=0 measures without it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDist } from '../harness/build';
import { KernelEngine, PROJECT_ROOT } from '../harness/kernel';
import { useSnapshot } from '../harness/kernel/session';
import { kernelSnapshot } from '../harness/kernel/snapshot';
import { readNotebook, writeNotebook } from '../harness/notebook';
import { runNotebook } from '../harness/run-notebook';
import { assignNotebooks } from '../grading/assign/assign';
import { assignmentCells } from '../grading/assign/metadata';
import { autograde } from '../grading/autograde/autograde';
import { gradeSubmission } from '../grading/autograde/submission';

const HOMEWORK = path.join(PROJECT_ROOT, 'test', 'fixtures', 'assign', 'homework.ipynb');
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' / ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** CPU-seconds of this process and of its finished children (the kernels); children only on Linux. */
function cpuSeconds(): { self: number; children: number | undefined } {
  const u = process.cpuUsage();
  let children: number | undefined;
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    children = (Number(f[13]) + Number(f[14])) / 100; // cutime + cstime, in clock ticks (100 per second on Linux)
  } catch {
    /* not Linux */
  }
  return { self: (u.user + u.system) / 1e6, children };
}

/** Runs `f`, returning its wall time and its CPU-seconds per submission (undefined where unmeasurable). */
async function measured(n: number, f: () => Promise<unknown>): Promise<{ wall: number; cpu: number | undefined }> {
  const c0 = cpuSeconds();
  const wall = await timed(f);
  const c1 = cpuSeconds();
  return { wall, cpu: c0.children === undefined || c1.children === undefined ? undefined : (c1.self - c0.self + c1.children - c0.children) / n };
}
const cpuText = (cpu: number | undefined) => (cpu === undefined ? 'CPU not measured here' : `${cpu.toFixed(2)} CPU-s each`);

export async function run(): Promise<void> {
  const n = Number(process.env.AUTOGRADE_BENCH_SUBMISSIONS ?? 20);
  const repeats = Number(process.env.AUTOGRADE_BENCH_REPEATS ?? 3);
  ensureDist();
  // Inside the project (out/ is ignored) so that the plain run resolves `hepml-course` in place, as the
  // course notebooks do; autograde runs each submission in a copy under the system temp folder.
  fs.mkdirSync(path.join(PROJECT_ROOT, 'out'), { recursive: true });
  const root = fs.mkdtempSync(path.join(PROJECT_ROOT, 'out', 'autograde-bench-'));
  try {
    const [made] = assignNotebooks([HOMEWORK], path.join(root, 'assignment'));
    const source = readNotebook(made.autograder);
    const cells = assignmentCells(source, made.autograder);
    const subs = path.join(root, 'subs');
    for (let i = 0; i < n; i++) writeNotebook(path.join(subs, `student${String(i).padStart(3, '0')}`, 'homework.ipynb'), source);
    const engine = new KernelEngine();
    const grader = new KernelEngine('tslab', { snapshot: true }); // as `hepml autograde`
    const snapshot = useSnapshot(true) ? await kernelSnapshot() : undefined; // built (once) before any timing
    console.log(`autograde: ${os.cpus().length} cores, load average (1/5/15 min) at start ${load()}; autograde kernels ${snapshot ? 'from the startup snapshot' : 'without the startup snapshot'}`);

    const runs: number[] = [], grades: number[] = [];
    for (let r = 0; r < repeats; r++) {
      let status = '';
      runs.push(await timed(async () => (status = (await runNotebook(made.autograder, { engine, cellTimeout: 120 })).status)));
      let score = 0;
      grades.push(await timed(async () => (score = (await gradeSubmission({ source, cells, notebook: 'homework.ipynb', student: 'student000', folder: path.join(subs, 'student000') }, { engine: grader, cellTimeout: 120 })).score)));
      if (status !== 'passed' || score !== 5) throw new Error(`bench: expected the notebook to pass (run: ${status}, autograde: ${score} / 5)`);
    }
    const run1 = median(runs), grade1 = median(grades);
    console.log(`  one notebook (6 code cells): hepml run ${run1.toFixed(2)} s, autograde ${grade1.toFixed(2)} s -> overhead ${(grade1 - run1).toFixed(2)} s per submission (${(((grade1 - run1) / run1) * 100).toFixed(0)}%), median of ${repeats}; load ${load()}`);

    const m1 = await measured(n, () => autograde({ source: path.dirname(made.autograder), submissions: subs, out: path.join(root, 'out1'), engine: grader, jobs: 1, cellTimeout: 120 }));
    const load1 = load();
    const m2 = await measured(n, () => autograde({ source: path.dirname(made.autograder), submissions: subs, out: path.join(root, 'out2'), engine: grader, jobs: 2, cellTimeout: 120 }));
    const load2 = load();
    const t1 = m1.wall, t2 = m2.wall;
    const same = fs.readFileSync(path.join(root, 'out1', 'grades.csv'), 'utf8') === fs.readFileSync(path.join(root, 'out2', 'grades.csv'), 'utf8');
    console.log(`  ${n} submissions: --jobs 1 ${t1.toFixed(1)} s (${(t1 / n).toFixed(2)} s each, ${cpuText(m1.cpu)}; load after ${load1}), --jobs 2 ${t2.toFixed(1)} s (${cpuText(m2.cpu)}; load after ${load2})`);
    console.log(`  speed-up jobs 2 / jobs 1: ${(t1 / t2).toFixed(2)}x (target >= 1.7x on an idle 2-core machine); same grades.csv: ${same}`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
