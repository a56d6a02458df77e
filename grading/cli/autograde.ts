/** `hepml autograde`: grade a class's notebooks through the kernel; `hepml autograde merge`: join shards. */
import { parseArgs } from 'node:util';
import { HepmlError } from '../../lib/errors';
import { positiveNumber, UsageError, type Command } from '../../harness/command';
import { ensureDist } from '../../harness/build';
import { KernelEngine } from '../../harness/kernel';
import { parsePairs } from '../../harness/parameters';
import { parseShard } from '../../harness/run-all';
import { autograde } from '../autograde/autograde';
import { mergeShards } from '../autograde/merge';
import { summaryLines } from '../autograde/report';

const USAGE = `usage: hepml autograde --source DIR/autograder --submissions SUBS --out OUT [options]
       hepml autograde merge SHARD_OUT... --out OUT

Grades every SUBS/<student>/<notebook>.ipynb (one folder per student, the notebooks named as in
--source) through the tslab kernel. Before a submission runs, the instructor's test cells and other
read-only cells are put back by grade_id (edits and deletions are reported, never graded); it runs in a
fresh copy of the student's folder outside SUBS and OUT, going on after failing cells. A test cell that
runs without error earns its points; one that fails, or that a hang or kernel death kept from running,
earns 0, and the other students are never affected. Writes, as one set (an interrupted run leaves the
previous OUT intact):
  OUT/grades.csv                        student,notebook,grade_id,points,max_points (one row per test cell)
  OUT/grades.json                       everything, with messages and changed cells
  OUT/feedback/<student>/<name>.html    the executed notebook with each test's result and message

options:
  --source DIR          the autograder folder of 'hepml assign' (required)
  --submissions SUBS    the collected submissions (required)
  --out OUT             output folder, replaced as a whole (required)
  --jobs N              submissions graded at once, one kernel each (default 1)
  --cell-timeout S      per-cell limit in seconds (default 600)
  --quick               inject quick = true into notebooks that declare it
  -p NAME=VALUE         set a notebook parameter; repeatable
  --shard K/N           grade only shard K of N of the students (sorted, dealt round-robin);
                        then 'hepml autograde merge OUT_1 ... OUT_N --out OUT' joins the shards
Exit code 0 when every submission was graded (whatever the scores), 1 otherwise.`;

async function merge(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { out: { type: 'string' } } });
  if (!values.out) throw new UsageError("merge: --out OUT is required. Run 'hepml autograde --help' for the options.");
  const g = mergeShards(positionals, values.out);
  console.log(`merged ${positionals.length} shard(s): ${g.students.length} students, ${g.submissions.length} submissions -> ${values.out}/grades.csv`);
  return 0;
}

export const command: Command = {
  name: 'autograde',
  summary: 'grade submitted notebooks through the kernel: grades.csv, grades.json, feedback pages',
  usage: USAGE,
  async run(argv) {
    if (argv[0] === 'merge') return merge(argv.slice(1));
    const { values, positionals } = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        source: { type: 'string' }, submissions: { type: 'string' }, out: { type: 'string' }, jobs: { type: 'string' },
        'cell-timeout': { type: 'string' }, quick: { type: 'boolean' }, parameter: { type: 'string', short: 'p', multiple: true }, shard: { type: 'string' },
      },
    });
    if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}; the only sub-command is "merge". Run 'hepml autograde --help'.`);
    for (const k of ['source', 'submissions', 'out'] as const) if (!values[k]) throw new UsageError(`--${k} is required. Run 'hepml autograde --help' for the options.`);
    let shard;
    try {
      shard = values.shard === undefined ? undefined : parseShard(values.shard);
    } catch (err) {
      throw err instanceof HepmlError ? new UsageError(err.message) : err;
    }
    const log = (line: string) => console.error(line);
    ensureDist(log);
    const g = await autograde({
      source: values.source!, submissions: values.submissions!, out: values.out!,
      // Many short kernels: each starts from the startup snapshot (harness/kernel/snapshot.ts), 2-3 CPU-s less.
      engine: new KernelEngine('tslab', { snapshot: true }),
      jobs: positiveNumber('jobs', values.jobs, 1, true), cellTimeout: positiveNumber('cell-timeout', values['cell-timeout'], 600),
      quick: values.quick ?? false, parameters: parsePairs(values.parameter ?? []), shard, log,
    });
    for (const line of summaryLines(g.submissions)) console.log(line);
    console.log(`grades: ${values.out}/grades.csv (also grades.json); feedback: ${values.out}/feedback/<student>/<notebook>.html`);
    return g.submissions.every((s) => s.status === 'graded') ? 0 : 1;
  },
};
