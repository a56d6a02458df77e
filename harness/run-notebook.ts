/**
 * `runNotebook`: papermill's shape for TypeScript notebooks. Read -> parameterize -> execute through an
 * engine, one code cell at a time -> write the executed copy (always, also when a cell failed).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ICodeCell, INotebookContent } from '@jupyterlab/nbformat';
import { HepmlError, warn } from '../lib/errors';
import type { Recorded } from '../lib/record';
import { anchorCell, bannerCell, withoutBanners } from './banner';
import type { AsyncError, CellRun, Engine, ErrorContent, KernelSession } from './engine';
import { cellTags, newCellId, readNotebook, sourceText, writeNotebook } from './notebook';
import { notebookDefaults, parameterize, typeParameters } from './parameters';

export interface RunOptions {
  /** Runs the cells (the tslab kernel, or a fake in tests). */
  engine: Engine;
  /** Where to write the executed notebook. Default: not written. */
  output?: string;
  /** `-p NAME=VALUE` strings, typed from the notebook's defaults. Default `{}`. */
  parameters?: Record<string, string>;
  /** Inject `quick = true` (when the notebook declares `quick`). Default false. */
  quick?: boolean;
  /** Accept parameters the notebook does not declare. Default false. */
  allowNewParams?: boolean;
  /** Keep going after a cell raises, as nbconvert --allow-errors (errors stay in the outputs). Default false. */
  allowErrors?: boolean;
  /** Per-cell limit in seconds. Default 600. */
  cellTimeout?: number;
  /** Most characters of output stored per cell (the rest is dropped with a note). Default 16 MiB. */
  maxOutputBytes?: number;
  /**
   * Aborted when the run is being stopped (SIGINT/SIGTERM to `hepml run`): a notebook not yet started is
   * not run, a running one is reported `interrupted` with its partial notebook saved.
   */
  signal?: AbortSignal;
  /** Progress lines. Default: none. */
  log?: (line: string) => void;
}

const DEFAULTS = { cellTimeout: 600 };

export type NotebookStatus = 'passed' | 'failed' | 'timeout' | 'died' | 'invalid' | 'interrupted';

export interface NotebookReport {
  notebook: string;
  output?: string;
  status: NotebookStatus;
  /** Code cells executed. */
  cells: number;
  seconds: number;
  /** Kernel start to the first executed cell done, in seconds (runner overhead). */
  startupSeconds?: number;
  /** `<notebook>: cell <n>: <ename>: <evalue>` when not passed. */
  message?: string;
  error?: ErrorContent & { cell: number; source: string };
  /** What the notebook passed to `record()`. */
  results: Recorded;
}

type CellMeta = { status: string; start_time?: string; end_time?: string; duration?: number };

function setMeta(cell: ICodeCell, meta: CellMeta): void {
  (cell.metadata as Record<string, unknown>).hepml = meta;
}

/** The values to inject: `-p` pairs typed by the defaults, plus `quick`. */
function injectedValues(nb: INotebookContent, file: string, options: RunOptions): Record<string, unknown> {
  const values = typeParameters(nb, options.parameters ?? {});
  if (options.quick) {
    if (notebookDefaults(nb).some((d) => d.name === 'quick')) values.quick = true;
    else warn(`${file}: --quick given, but the parameters cell declares no "quick"; running at full size.`);
  }
  return values;
}

/** Languages the tslab kernel runs (`jslab` notebooks are JavaScript). */
const LANGUAGES = new Set(['typescript', 'javascript', 'ts', 'js']);

/**
 * Refuses a notebook written for another kernel (a Python notebook would otherwise run under tslab and
 * fail with a confusing CompileError on its first line).
 */
function checkLanguage(nb: INotebookContent, file: string): void {
  const meta = nb.metadata as { kernelspec?: { name?: unknown; language?: unknown }; language_info?: { name?: unknown } };
  const name = typeof meta.kernelspec?.name === 'string' ? meta.kernelspec.name : undefined;
  const language = [meta.kernelspec?.language, meta.language_info?.name].find((l): l is string => typeof l === 'string');
  const foreign = language !== undefined ? !LANGUAGES.has(language.toLowerCase()) : name !== undefined && !/^(tslab|jslab)$/.test(name);
  if (!foreign) return;
  const found = [name !== undefined ? `kernelspec ${JSON.stringify(name)}` : 'a kernelspec', language !== undefined ? `(language ${language})` : ''].filter(Boolean).join(' ');
  throw new HepmlError(`${file}: expected a TypeScript or JavaScript notebook (kernelspec tslab or jslab), found ${found}. hepml run executes notebooks with the tslab kernel only.`, { where: file });
}

/** Runs one notebook; never throws for a notebook problem: the report says what went wrong. */
export async function runNotebook(file: string, options: RunOptions): Promise<NotebookReport> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const report: NotebookReport = { notebook: file, output: options.output, status: 'passed', cells: 0, seconds: 0, results: {} };
  let nb: INotebookContent;
  let values: Record<string, unknown>;
  try {
    nb = readNotebook(file);
    checkLanguage(nb, file);
    nb.cells = withoutBanners(nb.cells);
    values = injectedValues(nb, file, options);
    parameterize(nb, { values, allowNewParams: options.allowNewParams }, file);
  } catch (err) {
    if (!(err instanceof HepmlError)) throw err;
    const message = err.message.startsWith(file) ? err.message : `${file}: ${err.message}`;
    return { ...report, status: 'invalid', message, seconds: (Date.now() - started) / 1000 };
  }
  if (options.signal?.aborted) return { ...report, status: 'interrupted', message: `${file}: not run: ${interruption(options.signal)}` };
  const resultsFile = path.join(os.tmpdir(), `hepml-results-${process.pid}-${newCellId()}.json`);
  let session: KernelSession | undefined;
  try {
    for (const cell of nb.cells) {
      if (cell.cell_type !== 'code') continue;
      (cell as ICodeCell).outputs = [];
      (cell as ICodeCell).execution_count = null;
      setMeta(cell as ICodeCell, { status: 'pending' });
    }
    // HEPML_CWD: where `hepml run` was started, so a relative data path given with -p resolves as the user meant.
    session = await options.engine.start({ cwd: path.dirname(path.resolve(file)), env: { HEPML_RESULTS: resultsFile, HEPML_CWD: process.env.HEPML_CWD ?? process.cwd() } });
    await executeCells(nb, file, session, options, report, log, started);
  } catch (err) {
    if (!(err instanceof HepmlError)) throw err;
    report.status = 'died';
    report.message = `${file}: ${err.message}`;
  } finally {
    if (options.signal?.aborted && report.status !== 'passed' && report.status !== 'failed') {
      report.status = 'interrupted';
      report.message = `${file}: ${report.error ? `cell ${report.error.cell}: ` : ''}${interruption(options.signal)}; the partial notebook is saved`;
      if (report.error) report.error = { ...report.error, ename: 'Interrupted', evalue: interruption(options.signal) };
    }
    await session?.shutdown();
    report.results = readResults(resultsFile);
    report.seconds = (Date.now() - started) / 1000;
    finishMetadata(nb, report, values, options);
    if (options.output) writeNotebook(options.output, nb);
  }
  return report;
}

function interruption(signal: AbortSignal): string {
  return `hepml run was stopped (${typeof signal.reason === 'string' ? signal.reason : 'aborted'}); the kernel was stopped`;
}

/** An asynchronous error as the nbformat error output of the cell that scheduled it. */
function asyncErrorContent(e: AsyncError, known: boolean): ErrorContent {
  const where = known ? 'raised asynchronously, after the cell finished, by a callback or promise it started' : 'raised asynchronously; the cell that started it is not known';
  const what = e.kind === 'UnhandledRejection' ? 'a promise rejected and nothing handled it' : 'an exception no code caught';
  const evalue = `${e.ename}: ${e.message} (${what}; ${where})`;
  return { ename: e.kind, evalue, traceback: [`${e.kind}: ${evalue}`, ...e.stack.slice(1)] };
}

async function executeCells(nb: INotebookContent, file: string, session: KernelSession, options: RunOptions, report: NotebookReport, log: (l: string) => void, started: number): Promise<void> {
  const timeoutMs = (options.cellTimeout ?? DEFAULTS.cellTimeout) * 1000;
  const original = nb.cells.filter((c) => !cellTags(c).includes('injected-parameters'));
  /** Execution count -> index in nb.cells, to find the cell that scheduled an asynchronous error. */
  const byCount = new Map<number, number>();
  const stop = (at: number, error: ErrorContent, status: CellRun['status']) => {
    const cell = nb.cells[at];
    const n = original.indexOf(cell);
    const label = n >= 0 ? `cell ${n + 1}` : 'the injected-parameters cell';
    report.status = status === 'timeout' ? 'timeout' : status === 'dead' ? 'died' : 'failed';
    report.message = `${file}: ${label}: ${error.ename}: ${error.evalue.split('\n')[0]}`;
    report.error = { ...error, cell: n + 1, source: sourceText(cell.source) };
    log(report.message);
    nb.cells.splice(at, 0, anchorCell());
    nb.cells.unshift(bannerCell(label, error.ename, error.evalue));
  };
  /** Puts each asynchronous error on its cell; true when the run must stop. */
  const asyncFailure = (errors: AsyncError[] | undefined, current: number): boolean => {
    if (!errors?.length) return false;
    let first: { at: number; error: ErrorContent } | undefined;
    for (const e of errors) {
      const known = e.executionCount !== null && byCount.has(e.executionCount);
      const at = known ? byCount.get(e.executionCount!)! : current;
      const error = asyncErrorContent(e, known);
      const cell = nb.cells[at] as ICodeCell;
      cell.outputs.push({ output_type: 'error', ...error });
      const tags = cellTags(cell);
      const meta = (cell.metadata as { hepml?: CellMeta }).hepml;
      if (tags.includes('raises-exception')) continue;
      if (meta) meta.status = options.allowErrors ? 'error-allowed' : 'error';
      if (options.allowErrors) {
        log(`${file}: cell ${original.indexOf(cell) + 1}: ${error.ename}: ${error.evalue} (allowed by --allow-errors)`);
        continue;
      }
      first ??= { at, error };
    }
    if (!first) return false;
    stop(first.at, first.error, 'error');
    return true;
  };
  for (let i = 0; i < nb.cells.length; i++) {
    const cell = nb.cells[i];
    if (cell.cell_type !== 'code') continue;
    const code = cell as ICodeCell;
    const tags = cellTags(cell);
    const source = sourceText(cell.source);
    if (tags.includes('skip-execution') || source.trim() === '') {
      setMeta(code, { status: tags.includes('skip-execution') ? 'skipped' : 'empty' });
      continue;
    }
    const t0 = new Date();
    const run: CellRun = await session.execute(source, { timeoutMs, maxOutputBytes: options.maxOutputBytes });
    const t1 = new Date();
    report.cells += 1;
    report.startupSeconds ??= (t1.getTime() - started) / 1000;
    code.outputs = run.outputs;
    code.execution_count = run.executionCount;
    if (run.executionCount !== null) byCount.set(run.executionCount, i);
    const expected = run.status === 'error' && tags.includes('raises-exception');
    const allowed = run.status === 'error' && !expected && options.allowErrors === true;
    setMeta(code, { status: expected ? 'error-expected' : allowed ? 'error-allowed' : run.status, start_time: t0.toISOString(), end_time: t1.toISOString(), duration: (t1.getTime() - t0.getTime()) / 1000 });
    if (run.status === 'ok' || expected || allowed) {
      if (allowed) log(`${file}: cell ${original.indexOf(cell) + 1}: ${run.error?.ename}: ${run.error?.evalue.split('\n')[0]} (allowed by --allow-errors)`);
      if (asyncFailure(run.asyncErrors, i)) return;
      continue;
    }
    stop(i, run.error ?? { ename: 'Error', evalue: 'the cell failed', traceback: [] }, run.status);
    return;
  }
  // Errors raised after the last cell's reply (a rejection of the last cell is reported after it).
  const last = [...byCount.values()].pop();
  if (session.settle && last !== undefined) asyncFailure(await session.settle(), last);
}

function readResults(file: string): Recorded {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Recorded;
  } catch {
    return {};
  } finally {
    fs.rmSync(file, { force: true });
  }
}

function finishMetadata(nb: INotebookContent, report: NotebookReport, parameters: Record<string, unknown>, options: RunOptions): void {
  const meta = nb.metadata as Record<string, unknown>;
  meta.kernelspec ??= { name: 'tslab', display_name: 'TypeScript (hepml-course)', language: 'typescript' };
  meta.hepml = {
    status: report.status,
    duration: report.seconds,
    end_time: new Date().toISOString(),
    parameters,
    quick: options.quick ?? false,
    results: report.results,
    ...(report.message ? { error: report.message } : {}),
  };
}
