/**
 * Drives one notebook in classic Jupyter Notebook (6.x) through its UI, as a student would: open it,
 * check the kernel, Cell > Run All from the menu bar, wait until the kernel is idle and every queued
 * cell has run, then read what the page shows (errors, figures, tables, progress bars).
 */
import type { Page } from 'playwright-core';

export interface PageReport {
  /** Kernel name in the toolbar, e.g. "TypeScript (hepml-course)". */
  kernel: string;
  codeCells: number;
  /** Code cells with an execution count. */
  executed: number;
  /** Error outputs (`.output_error`) and stderr outputs that contain "Error", as text. */
  errors: string[];
  /** Rendered SVG figures in output areas and how many of them have a zero-sized box. */
  svgs: number;
  emptySvgs: number;
  /** `image/svg+xml` outputs in the notebook model (each must be rendered). */
  svgOutputs: number;
  /** HTML tables in output areas, and text/html outputs holding a `<table` in the model. */
  tables: number;
  tableOutputs: number;
  /** Each `.hepml-progress` bar as done/total. */
  progress: { done: number; total: number }[];
  /** Seconds from the Run All click until the kernel was idle with every cell run. */
  runSeconds: number;
}

export interface RunAllOptions {
  /** Give up on Run All after this long. Default 240 s. */
  timeoutMs?: number;
  /** Give up on the kernel's start (connected and idle) after this long. Default 60 s. */
  startTimeoutMs?: number;
  /** The kernel name the notebook must show. Default "TypeScript (hepml-course)". */
  kernelName?: string;
}

const DEFAULTS = { timeoutMs: 240_000, startTimeoutMs: 60_000, kernelName: 'TypeScript (hepml-course)' };

/** The page's `Jupyter` global, typed as far as we read it. */
interface JupyterGlobal {
  notebook: {
    kernel: { name: string; is_connected(): boolean } | null;
    get_cells(): { cell_type: string; input_prompt_number: number | string | null | undefined; output_area?: { outputs: { output_type: string; data?: Record<string, unknown> }[] } }[];
  };
}
declare const Jupyter: JupyterGlobal;
/** The little of the DOM the page-side functions use (the project compiles without lib "dom"). */
interface PageElement {
  innerText: string;
  className: string;
  title: string;
  childElementCount: number;
  dataset: Record<string, string | undefined>;
  getBoundingClientRect(): { width: number; height: number };
}
declare const document: { querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement> };

/** What the page shows of the kernel and the cells, in one line (for a run that did not finish in time). */
export async function pageState(page: Page): Promise<string> {
  return page.evaluate(() => {
    const icon = document.querySelector('#kernel_indicator_icon');
    const state = icon ? `${icon.className}${icon.title ? ` (${icon.title})` : ''}` : 'no kernel indicator';
    const nb = typeof Jupyter !== 'undefined' ? Jupyter.notebook : undefined;
    const cells = nb ? nb.get_cells().filter((c) => c.cell_type === 'code') : [];
    const queued = cells.map((c, i) => (c.input_prompt_number === '*' ? i + 1 : 0)).filter((i) => i > 0);
    const run = cells.filter((c) => typeof c.input_prompt_number === 'number').length;
    const note = document.querySelector('#notification_kernel')?.innerText.trim() ?? '';
    return `kernel indicator "${state}"; ${run} of ${cells.length} code cells run${queued.length ? `, code cell ${queued[0]} and ${queued.length - 1} more still queued` : ''}${note ? `; notification "${note}"` : ''}`;
  }).catch((e: Error) => `the page did not answer (${e.message.split('\n')[0]})`);
}

/** `wait`, or, when it times out, an error saying what the page shows. */
async function within<T>(page: Page, what: string, wait: Promise<T>): Promise<T> {
  try {
    return await wait;
  } catch (e) {
    if (!/Timeout/.test((e as Error).message)) throw e;
    throw new Error(`${what}: ${(e as Error).message.split('\n')[0]}; ${await pageState(page)}`);
  }
}

/**
 * Opens `url` (a notebook page with the token), runs all cells through the menu, waits, reports.
 * Throws when the kernel is not the expected one or the run does not finish in time (saying what the page shows).
 */
export async function runAllInBrowser(page: Page, url: string, options: RunAllOptions = {}): Promise<PageReport> {
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const kernelName = options.kernelName ?? DEFAULTS.kernelName;
  const startBy = Date.now() + (options.startTimeoutMs ?? DEFAULTS.startTimeoutMs);
  await page.goto(url, { waitUntil: 'load', timeout: startBy - Date.now() });
  // The kernel started and connected: the toolbar names it and its indicator shows idle.
  await within(page, 'the kernel did not connect', page.waitForFunction(() => typeof Jupyter !== 'undefined' && Jupyter.notebook?.kernel?.is_connected() === true, undefined,
    { timeout: Math.max(1, startBy - Date.now()) }));
  await within(page, 'the kernel did not become idle', page.locator('#kernel_indicator_icon.kernel_idle_icon').waitFor({ timeout: Math.max(1, startBy - Date.now()) }));
  const kernel = (await page.locator('.kernel_indicator_name').innerText()).trim();
  if (kernel !== kernelName) throw new Error(`${url}: expected the kernel "${kernelName}", found "${kernel}"`);

  const started = Date.now();
  await page.click('#celllink');
  await page.click('#run_all_cells > a');
  // Run All queues every cell at once (prompt "*"); done when none is queued and the kernel is idle
  // (a failing cell aborts the rest of the queue, whose prompts then go back to empty).
  await within(page, 'Run All did not finish', page.waitForFunction(() => {
    const cells = Jupyter.notebook.get_cells().filter((c) => c.cell_type === 'code');
    const queued = cells.some((c) => c.input_prompt_number === '*');
    const idle = document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null;
    return !queued && idle && cells.some((c) => typeof c.input_prompt_number === 'number');
  }, undefined, { timeout: timeoutMs, polling: 250 }));
  const runSeconds = (Date.now() - started) / 1000;

  const report = await page.evaluate(() => {
    const cells = Jupyter.notebook.get_cells().filter((c) => c.cell_type === 'code');
    const outputs = cells.flatMap((c) => c.output_area?.outputs ?? []);
    // No named helper functions in here: tsx (esbuild keepNames) would wrap them in a __name()
    // call that does not exist in the page.
    const errors = [
      ...[...document.querySelectorAll('.output_area .output_error')].map((e) => e.innerText),
      ...[...document.querySelectorAll('.output_area .output_stderr')].map((e) => e.innerText).filter((t) => /Error/.test(t)),
    ];
    const svgs = [...document.querySelectorAll('.output_area .output_svg svg, .output_area .output_html svg')];
    const emptySvgs = svgs.filter((s) => {
      const r = s.getBoundingClientRect();
      return !(r.width > 0 && r.height > 0) || s.childElementCount === 0;
    }).length;
    return {
      codeCells: cells.length,
      executed: cells.filter((c) => typeof c.input_prompt_number === 'number').length,
      errors,
      svgs: svgs.length,
      emptySvgs,
      svgOutputs: outputs.filter((o) => o.data?.['image/svg+xml'] !== undefined).length,
      tables: document.querySelectorAll('.output_area .output_html table').length,
      tableOutputs: outputs.filter((o) => {
        const v = o.data?.['text/html'];
        return (Array.isArray(v) ? v.join('') : typeof v === 'string' ? v : '').includes('<table');
      }).length,
      progress: [...document.querySelectorAll('.output_area .hepml-progress')].map((e) => ({
        done: Number(e.dataset.done),
        total: Number(e.dataset.total),
      })),
    };
  });
  return { kernel, runSeconds, ...report };
}

/**
 * A full-page screenshot. Classic Notebook scrolls inside `#site`, so the page is unpinned (and long outputs unscrolled) first to
 * let the whole notebook lay out at its natural height.
 */
export async function fullScreenshot(page: Page, file: string): Promise<void> {
  await page.addStyleTag({ content: 'html, body, #site, .output_scroll { height: auto !important; max-height: none !important; overflow: visible !important; } .output_scroll { box-shadow: none !important; } #header { position: static !important; }' });
  await page.screenshot({ path: file, fullPage: true });
}
