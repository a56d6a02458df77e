/** `hepml check`: type-check notebooks' code cells without running them. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { HepmlError } from '../../lib/errors';
import { ensureDist } from '../build';
import { PROJECT_ROOT } from '../kernel/kernelspec';
import { formatDiagnostic, typecheckNotebooks } from '../typecheck';
import type { Command } from '../command';

const usage = `usage: hepml check [NOTEBOOK...]

Type-checks each notebook's code cells as one program against the library's types (dist/, rebuilt
when lib/ changed), with the TypeScript the kernel uses. Default: all of notebooks/*.ipynb.
Prints notebook:cell:line:col message per problem; exit code 1 when there is any.`;

export const command: Command = {
  name: 'check',
  summary: "type-check notebooks' code cells without running them",
  usage,
  async run(argv) {
    const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
    let files = positionals;
    if (files.length === 0) {
      const dir = path.join(PROJECT_ROOT, 'notebooks');
      files = (fs.existsSync(dir) ? fs.readdirSync(dir) : []).filter((f) => f.endsWith('.ipynb')).sort().map((f) => path.relative(process.cwd(), path.join(dir, f)));
      if (files.length === 0) throw new HepmlError(`${dir}: expected notebooks (*.ipynb), found none.`);
    }
    ensureDist((line) => console.error(line));
    const started = Date.now();
    const diags = typecheckNotebooks(files);
    for (const d of diags) console.log(formatDiagnostic(d));
    const bad = new Set(diags.map((d) => d.notebook)).size;
    console.error(`hepml check: ${files.length} notebook(s), ${diags.length} problem(s) in ${bad}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return diags.length ? 1 : 0;
  },
};
