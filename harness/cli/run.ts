/** `hepml run`: execute notebooks headlessly through the tslab kernel. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { HepmlError } from '../../lib/errors';
import { ensureDist } from '../build';
import { KernelEngine } from '../kernel';
import { killAllKernels } from '../kernel/session';
import { PROJECT_ROOT } from '../kernel/kernelspec';
import { parsePairs } from '../parameters';
import { junitXml } from '../junit';
import { parseShard, runNotebooks, shardFiles, summaryTable, writeResultsJson } from '../run-all';
import { positiveNumber, UsageError, type Command } from '../command';

const usage = `usage: hepml run [NOTEBOOK...] [options]

Executes notebooks through the tslab kernel (default: all of notebooks/*.ipynb) and writes the
executed copies, with outputs, per-cell timing and status, to --out.

options:
  -p, --parameter NAME=VALUE  set a parameter (typed from the notebook's default); repeatable
  --quick                     run small: injects quick = true
  --cell-timeout S            per-cell limit in seconds (default 600); then SIGINT, then kill
  --max-output MB             output stored per cell, in MB (default 16); the rest is dropped with a note
  --out DIR                   where executed notebooks and results.json go (default out/run)
  --junit FILE                write a JUnit XML report
  --jobs N                    notebooks in parallel, one kernel each (default 1)
  --allow-errors              keep going after a failing cell (as nbconvert --allow-errors)
  --allow-new-params          accept parameters the notebook does not declare
  --shard K/N                 run only shard K of N (1-based): the sorted notebook list dealt
                              round-robin, so N jobs with K = 1..N run every notebook exactly once
results.json in --out is merged: runs to the same folder each add their notebooks.
SIGINT/SIGTERM stop the kernels, save the partial notebooks and results.json (exit 130/143).
Exit code 0 only when every notebook passed.`;

/** Default notebooks: notebooks/*.ipynb of the project, sorted. */
function defaultNotebooks(): string[] {
  const dir = path.join(PROJECT_ROOT, 'notebooks');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort() : [];
  if (files.length === 0) throw new HepmlError(`${dir}: expected notebooks (*.ipynb), found none.`);
  return files.map((f) => path.relative(process.cwd(), path.join(dir, f)));
}

/** `--out` must be a folder we can write, checked before any notebook runs. */
function checkOutDir(dir: string): void {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(dir);
  } catch {
    /* absent: created below */
  }
  if (st && !st.isDirectory()) throw new UsageError(`--out ${dir}: expected a directory, found a file.`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (e) {
    throw new HepmlError(`--out ${dir}: expected a folder hepml run can write, found ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`, { where: dir });
  }
}

export const command: Command = {
  name: 'run',
  summary: 'execute notebooks headlessly through the tslab kernel',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        parameter: { type: 'string', short: 'p', multiple: true },
        quick: { type: 'boolean' },
        'cell-timeout': { type: 'string' },
        'max-output': { type: 'string' },
        out: { type: 'string' },
        junit: { type: 'string' },
        jobs: { type: 'string' },
        'allow-errors': { type: 'boolean' },
        'allow-new-params': { type: 'boolean' },
        shard: { type: 'string' },
      },
    });
    let shard;
    try {
      shard = values.shard === undefined ? undefined : parseShard(values.shard);
    } catch (err) {
      throw err instanceof HepmlError ? new UsageError(err.message) : err;
    }
    const all = positionals.length ? positionals : defaultNotebooks();
    const files = shard ? shardFiles(all, shard) : all;
    if (shard) console.error(`shard ${shard.index}/${shard.count}: ${files.length} of ${all.length} notebooks${files.length ? ': ' + files.map((f) => path.basename(f)).join(', ') : ' (more shards than notebooks; nothing to run)'}`);
    const outDir = values.out ?? 'out/run';
    const jobs = positiveNumber('jobs', values.jobs, 1, true);
    const cellTimeout = positiveNumber('cell-timeout', values['cell-timeout'], 600);
    const maxOutputBytes = Math.round(positiveNumber('max-output', values['max-output'], 16) * 1024 * 1024);
    const parameters = parsePairs(values.parameter ?? []);
    checkOutDir(outDir);
    const log = (line: string) => console.error(line);
    ensureDist(log);
    const stop = new AbortController();
    const CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };
    const onSignal = (signal: NodeJS.Signals) => {
      if (stop.signal.aborted) {
        killAllKernels();
        process.exit(CODES[signal]); // a second signal: no more waiting
      }
      console.error(`hepml run: ${signal}: stopping the kernels; saving the partial notebooks and results.json`);
      stop.abort(signal);
      killAllKernels();
    };
    for (const sig of Object.keys(CODES) as NodeJS.Signals[]) process.on(sig, onSignal);
    let reports;
    try {
      reports = await runNotebooks(files, {
        engine: new KernelEngine(),
        outDir,
        jobs,
        cellTimeout,
        maxOutputBytes,
        parameters,
        quick: values.quick ?? false,
        allowErrors: values['allow-errors'] ?? false,
        allowNewParams: values['allow-new-params'] ?? false,
        signal: stop.signal,
        log,
      });
    } finally {
      for (const sig of Object.keys(CODES) as NodeJS.Signals[]) process.off(sig, onSignal);
    }
    writeResultsJson(outDir, reports);
    if (values.junit) {
      fs.mkdirSync(path.dirname(path.resolve(values.junit)), { recursive: true });
      fs.writeFileSync(values.junit, junitXml(reports));
    }
    console.log(summaryTable(reports));
    for (const r of reports) if (r.message) console.error(r.message);
    if (stop.signal.aborted) return CODES[stop.signal.reason as string] ?? 1;
    return reports.every((r) => r.status === 'passed') ? 0 : 1;
  },
};
