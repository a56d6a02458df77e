/** `hepml run`: execute notebooks headlessly through the tslab kernel. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { HepmlError } from '../../lib/errors';
import { ensureDist } from '../build';
import { KernelEngine } from '../kernel';
import { PROJECT_ROOT } from '../kernel/kernelspec';
import { parsePairs } from '../parameters';
import { junitXml } from '../junit';
import { parseShard, resultsJson, runNotebooks, shardFiles, summaryTable } from '../run-all';
import { UsageError, type Command } from './command';

const usage = `usage: hepml run [NOTEBOOK...] [options]

Executes notebooks through the tslab kernel (default: all of notebooks/*.ipynb) and writes the
executed copies, with outputs, per-cell timing and status, to --out.

options:
  -p, --parameter NAME=VALUE  set a parameter (typed from the notebook's default); repeatable
  --quick                     run small: injects quick = true
  --cell-timeout S            per-cell limit in seconds (default 600); then SIGINT, then kill
  --out DIR                   where executed notebooks and results.json go (default out/run)
  --junit FILE                write a JUnit XML report
  --jobs N                    notebooks in parallel, one kernel each (default 1)
  --allow-errors              keep going after a failing cell (as nbconvert --allow-errors)
  --allow-new-params          accept parameters the notebook does not declare
  --shard K/N                 run only shard K of N (1-based): the sorted notebook list dealt
                              round-robin, so N jobs with K = 1..N run every notebook exactly once
Exit code 0 only when every notebook passed.`;

export function positiveNumber(name: string, raw: string | undefined, fallback: number, integer = false): number {
  if (raw === undefined) return fallback;
  const x = Number(raw);
  if (!(x > 0) || (integer && !Number.isInteger(x))) throw new UsageError(`--${name}: expected a positive ${integer ? 'integer' : 'number'}, found ${JSON.stringify(raw)}`);
  return x;
}

/** Default notebooks: notebooks/*.ipynb of the project, sorted. */
function defaultNotebooks(): string[] {
  const dir = path.join(PROJECT_ROOT, 'notebooks');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort() : [];
  if (files.length === 0) throw new HepmlError(`${dir}: expected notebooks (*.ipynb), found none.`);
  return files.map((f) => path.relative(process.cwd(), path.join(dir, f)));
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
    const log = (line: string) => console.error(line);
    ensureDist(log);
    const reports = await runNotebooks(files, {
      engine: new KernelEngine(),
      outDir,
      jobs: positiveNumber('jobs', values.jobs, 1, true),
      cellTimeout: positiveNumber('cell-timeout', values['cell-timeout'], 600),
      parameters: parsePairs(values.parameter ?? []),
      quick: values.quick ?? false,
      allowErrors: values['allow-errors'] ?? false,
      allowNewParams: values['allow-new-params'] ?? false,
      log,
    });
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(resultsJson(reports), null, 2) + '\n');
    if (values.junit) {
      fs.mkdirSync(path.dirname(path.resolve(values.junit)), { recursive: true });
      fs.writeFileSync(values.junit, junitXml(reports));
    }
    console.log(summaryTable(reports));
    for (const r of reports) if (r.message) console.error(r.message);
    return reports.every((r) => r.status === 'passed') ? 0 : 1;
  },
};
