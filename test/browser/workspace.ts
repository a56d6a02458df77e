/**
 * The browser test's notebooks: quick copies of the course notebooks in a temporary folder inside
 * notebooks/ (`notebooks/.browser-<random>/`, git-ignored), so that `import ... from "hepml-course"`
 * and tslab's type check resolve through the project's node_modules exactly as for a student.
 * `quick = true` is injected right after the parameters cell by the runner's own `parameterize`: the
 * injected cell is an ordinary code cell, so the front end's Run All executes it.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNotebook } from '../../harness/notebook';
import { parameterize } from '../../harness/parameters';

export interface Workspace {
  /** Absolute path of the temporary folder (the Jupyter server's notebook dir). */
  dir: string;
  /** Notebook file names inside `dir`, sorted. */
  notebooks: string[];
  /** Removes the folder and everything the notebooks wrote into it. */
  remove(): void;
}

/**
 * Copies every notebooks/*.ipynb of `root` with `values` injected (default `{ quick: true }`).
 * @param root the project root
 * @param values parameters to inject; default `{ quick: true }`
 * @example const ws = makeWorkspace(ROOT); ...; ws.remove();
 */
export function makeWorkspace(root: string, values: Record<string, unknown> = { quick: true }): Workspace {
  const source = join(root, 'notebooks');
  const dir = join(source, `.browser-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir);
  const notebooks = readdirSync(source).filter((f) => f.endsWith('.ipynb')).sort();
  for (const name of notebooks) {
    const nb = parameterize(readNotebook(join(source, name)), { values }, name);
    writeFileSync(join(dir, name), JSON.stringify(nb, null, 1) + '\n');
  }
  return { dir, notebooks, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
