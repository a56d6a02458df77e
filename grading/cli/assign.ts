/** `hepml assign`: instructor notebooks -> the student release and the autograder copy. */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, type Command } from '../../harness/command';
import { assignNotebooks } from '../assign/assign';

const USAGE = `usage: hepml assign NOTEBOOK... --out DIR

Makes an assignment from instructor notebooks marked in nbgrader's format (cell metadata "nbgrader",
schema_version 3; "// BEGIN SOLUTION" ... "// END SOLUTION" in answer cells, "// BEGIN HIDDEN TESTS"
... "// END HIDDEN TESTS" in test cells). Writes
  DIR/student/<name>.ipynb     to hand out: each solution region replaced by "// YOUR CODE HERE" and
                               throw new Error('not implemented'), hidden tests removed, outputs
                               cleared, read-only cells locked, nbgrader checksums recorded
  DIR/autograder/<name>.ipynb  to keep: the full source (solutions, hidden tests), outputs cleared;
                               pass DIR/autograder to 'hepml autograde --source'
Every notebook is checked before anything is written.

  --out DIR   output folder (required)`;

export const command: Command = {
  name: 'assign',
  summary: 'make the student release and the autograder copy of nbgrader-marked notebooks',
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { out: { type: 'string' } } });
    if (!values.out) throw new UsageError("--out DIR is required. Run 'hepml assign --help' for the options.");
    if (positionals.length === 0) throw new UsageError("expected at least one NOTEBOOK. Run 'hepml assign --help' for the options.");
    const made = assignNotebooks(positionals, values.out);
    for (const m of made) {
      const count = (role: string) => m.cells.filter((c) => c.role === role).length;
      const points = m.cells.filter((c) => c.role === 'test').reduce((a, c) => a + c.points, 0);
      console.log(`${m.name}: ${count('solution')} answer cell(s), ${count('test')} test cell(s) worth ${points} point(s)${count('manual') + count('task') ? `, ${count('manual') + count('task')} graded by hand` : ''}`);
    }
    console.log(`student release: ${path.join(values.out, 'student')}/  autograder copy: ${path.join(values.out, 'autograder')}/`);
    return 0;
  },
};
