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
