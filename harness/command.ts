/**
 * What every `hepml` subcommand shares, whether it lives in harness/cli/ or grading/cli/: the
 * {@link Command} shape, the {@link UsageError} for a bad flag, and small option parsers. Both CLI
 * folders import this file; neither imports the other's commands (harness/cli/main.ts loads them all).
 */
/** The shape of one `hepml` subcommand. Options are parsed with `node:util` `parseArgs`. */
export interface Command {
  /** e.g. `run`, `data`, `grade`. */
  name: string;
  /** One line for `hepml --help`. */
  summary: string;
  /** Full usage text for `hepml <name> --help`. */
  usage: string;
  /** Runs the command; resolves to the process exit code. Throw a HepmlError for a one-line failure. */
  run(argv: string[]): Promise<number>;
}

/** A failure the user caused (bad flag, missing file): printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Parses a positive number option (`--jobs 2`, `--cell-timeout 90`).
 * @param name the option's name without dashes, for the message
 * @param raw the text given, or undefined when the option was not given
 * @param fallback the value when `raw` is undefined
 * @param integer require an integer (default false)
 * @returns the number
 * @throws UsageError "--NAME: expected a positive integer, found …"
 * @example
 * const jobs = positiveNumber('jobs', values.jobs, 1, true);
 */
export function positiveNumber(name: string, raw: string | undefined, fallback: number, integer = false): number {
  if (raw === undefined) return fallback;
  const x = Number(raw);
  if (!(x > 0) || (integer && !Number.isInteger(x))) throw new UsageError(`--${name}: expected a positive ${integer ? 'integer' : 'number'}, found ${JSON.stringify(raw)}`);
  return x;
}
