/** `hepml validate`: run a notebook and report its tests, before handing it in (as nbgrader validate). */
import { parseArgs } from 'node:util';
import { positiveNumber, UsageError, type Command } from '../../harness/command';
import { ensureDist } from '../../harness/build';
import { KernelEngine } from '../../harness/kernel';
import { parsePairs } from '../../harness/parameters';
import { validateLines, validateSubmission } from '../autograde/validate';

const USAGE = `usage: hepml validate NOTEBOOK... [--quick] [--cell-timeout S] [-p NAME=VALUE]

Runs each assignment notebook in its folder through the tslab kernel, going on after failing cells,
and reports every test cell in it (the public tests: hidden ones run only when graded), answer cells
still as handed out, and read-only cells that were edited. Nothing is written.
Exit code 0 when every test passed and no read-only cell was edited.

  --quick             inject quick = true into notebooks that declare it
  --cell-timeout S    per-cell limit in seconds (default 600)
  -p NAME=VALUE       set a notebook parameter; repeatable`;

export const command: Command = {
  name: 'validate',
  summary: "run an assignment notebook and report its tests (students' check before handing in)",
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { quick: { type: 'boolean' }, 'cell-timeout': { type: 'string' }, parameter: { type: 'string', short: 'p', multiple: true } },
    });
    if (positionals.length === 0) throw new UsageError("expected at least one NOTEBOOK. Run 'hepml validate --help'.");
    ensureDist((line) => console.error(line));
    const engine = new KernelEngine();
    let ok = true;
    for (const file of positionals) {
      const r = await validateSubmission(file, { engine, quick: values.quick ?? false, cellTimeout: positiveNumber('cell-timeout', values['cell-timeout'], 600), parameters: parsePairs(values.parameter ?? []) });
      for (const line of validateLines(r)) console.log(line);
      ok &&= r.ok;
    }
    return ok ? 0 : 1;
  },
};
