/**
 * `hepml`: one CLI for the course. Each subcommand lives in its own module and is loaded on demand,
 * so `hepml data list` never loads the notebook runner and vice versa.
 */
import type { Command } from '../command';
import { UsageError } from '../command';

type Loader = () => Promise<Command>;

/** Subcommands in `hepml --help` order. */
const COMMANDS: Record<string, { summary: string; load: Loader }> = {
  run: { summary: 'execute notebooks headlessly through the tslab kernel', load: async () => (require('./run') as { command: Command }).command },
  check: { summary: "type-check notebooks' code cells without running them", load: async () => (require('./check') as { command: Command }).command },
  data: { summary: 'the dataset registry: list, info, fetch, synth, verify', load: async () => (require('./data') as { command: Command }).command },
  inspect: { summary: 'show what is inside a ROOT / HDF5 / NPY / NPZ / CSV file', load: async () => (require('./inspect') as { command: Command }).command },
  export: { summary: 'convert a tree / key / array into csv, json or npy', load: async () => (require('./export') as { command: Command }).command },
  challenge: { summary: 'make a challenge: student test set + hidden labels', load: async () => (require('../../grading/cli/challenge') as { command: Command }).command },
  grade: { summary: 'validate and score submissions, write the leaderboard', load: async () => (require('../../grading/cli/grade') as { command: Command }).command },
  assign: { summary: 'make the student release and the autograder copy of nbgrader-marked notebooks', load: async () => (require('../../grading/cli/assign') as { command: Command }).command },
  autograde: { summary: 'grade submitted notebooks through the kernel (grades, feedback; --shard, merge)', load: async () => (require('../../grading/cli/autograde') as { command: Command }).command },
  validate: { summary: "run an assignment notebook and report its tests (before handing in)", load: async () => (require('../../grading/cli/validate') as { command: Command }).command },
  lab: { summary: 'start Jupyter on the course notebooks with the TypeScript kernel', load: async () => (require('./lab') as { command: Command }).command },
};

function topUsage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return ['usage: hepml <command> [options]', '', 'commands:', ...lines, '', "Run 'hepml <command> --help' for a command's options."].join('\n');
}

/** Entry point used by bin/hepml.js; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(topUsage());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    console.log(require('../../package.json').version);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    console.error(`hepml: unknown command ${JSON.stringify(name)}. Known commands: ${Object.keys(COMMANDS).join(', ')}.`);
    return 2;
  }
  let command: Command;
  try {
    command = await entry.load();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' || /Cannot find module/.test(String(err))) {
      console.error(`hepml ${name}: this command is not available in this build.`);
      return 1;
    }
    throw err;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    const e = err as Error & { code?: string };
    if (err instanceof UsageError || e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      console.error(`hepml ${name}: ${e.message}`);
      return 2;
    }
    if (e.name === 'HepmlError') {
      console.error(`hepml ${name}: ${e.message}`);
      return 1;
    }
    throw err;
  }
}
