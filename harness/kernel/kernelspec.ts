/** Finds a kernelspec (`kernels/<name>/kernel.json`) on the Jupyter path, the project's `.jupyter` last. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HepmlError } from '../../lib/errors';

export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  env?: Record<string, string>;
  /** The file it was read from. */
  file: string;
}

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** Folders searched, in order: each entry of JUPYTER_PATH, then `<project>/.jupyter`. */
export function jupyterPath(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = (env.JUPYTER_PATH ?? '').split(path.delimiter).filter(Boolean);
  return [...fromEnv, path.join(PROJECT_ROOT, '.jupyter')];
}

/** Reads the kernelspec `name`; a missing or unreadable one is a HepmlError saying how to install it. */
export function findKernelSpec(name = 'tslab', env: NodeJS.ProcessEnv = process.env): KernelSpec {
  const dirs = jupyterPath(env);
  for (const dir of dirs) {
    const file = path.join(dir, 'kernels', name, 'kernel.json');
    if (!fs.existsSync(file)) continue;
    let spec: KernelSpec;
    try {
      spec = { ...JSON.parse(fs.readFileSync(file, 'utf8')), file };
    } catch (err) {
      throw new HepmlError(`${file}: expected a JSON kernelspec, found unreadable JSON (${(err as Error).message}).`);
    }
    if (!Array.isArray(spec.argv) || spec.argv.length === 0 || !spec.argv.some((a) => a.includes('{connection_file}'))) {
      throw new HepmlError(`${file}: expected "argv" with a {connection_file} placeholder, found ${JSON.stringify(spec.argv)}.`);
    }
    return spec;
  }
  throw new HepmlError(`kernel ${JSON.stringify(name)}: expected a kernelspec in ${dirs.map((d) => path.join(d, 'kernels')).join(', ')}, found none. Run \`npm install\` in the project (it writes .jupyter/kernels/${name}).`);
}
