/**
 * Runs many notebooks, `jobs` at a time (one kernel each), and renders the summary table and
 * results.json (every notebook's recorded figures).
 */
import * as path from 'node:path';
import type { NotebookReport, RunOptions } from './run-notebook';
import { runNotebook } from './run-notebook';

/** Runs `files` with at most `jobs` kernels at once; reports come back in input order. */
export async function runNotebooks(files: string[], options: Omit<RunOptions, 'output'> & { outDir?: string; jobs?: number }): Promise<NotebookReport[]> {
  const jobs = Math.max(1, options.jobs ?? 1);
  const reports: NotebookReport[] = new Array(files.length);
  let next = 0;
  const names = uniqueOutputNames(files);
  async function worker(): Promise<void> {
    while (next < files.length) {
      const i = next++;
      const output = options.outDir ? path.join(options.outDir, names[i]) : undefined;
      reports[i] = await runNotebook(files[i], { ...options, output });
      options.log?.(`${statusWord(reports[i])} ${files[i]} (${reports[i].seconds.toFixed(1)} s)`);
    }
  }
  await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, worker));
  return reports;
}

/** Output file names: the basename, or folder-prefixed when two inputs share one. */
export function uniqueOutputNames(files: string[]): string[] {
  const base = files.map((f) => path.basename(f));
  return files.map((f, i) => (base.filter((b) => b === base[i]).length > 1 ? path.normalize(f).replace(/^(\.\.[\\/])+/, '').split(/[\\/]/).join('__') : base[i]));
}

function statusWord(r: NotebookReport): string {
  return r.status === 'passed' ? 'ok  ' : 'FAIL';
}

/** The summary table: notebook, cells, seconds, status. */
export function summaryTable(reports: NotebookReport[]): string {
  const rows = reports.map((r) => [r.notebook, String(r.cells), r.seconds.toFixed(1), r.status]);
  const header = ['notebook', 'cells', 'seconds', 'status'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((x, c) => (c === 1 || c === 2 ? x.padStart(widths[c]) : x.padEnd(widths[c]))).join('  ').trimEnd();
  const passed = reports.filter((r) => r.status === 'passed').length;
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), '', `${passed}/${reports.length} notebooks passed`].join('\n');
}

/** results.json: per notebook its status, duration and recorded figures. */
export function resultsJson(reports: NotebookReport[]): object {
  return {
    generated: new Date().toISOString(),
    notebooks: Object.fromEntries(reports.map((r) => [r.notebook, { status: r.status, seconds: r.seconds, cells: r.cells, results: r.results, ...(r.message ? { error: r.message } : {}) }])),
  };
}
