/**
 * The students' view: every course notebook, in quick mode, opened in classic Jupyter Notebook in a
 * real (headless) chromium, run with Cell > Run All from the menu, and checked on the rendered page.
 *
 * Runs only under `npm run test:browser` (its mocha config sets HEPML_BROWSER_TEST=1), so `npm test`
 * stays fast and needs no browser. Skips with a message when /usr/bin/chromium or jupyter-notebook
 * is missing (Debian: apt-get install chromium jupyter-notebook).
 * Screenshots and a timing summary go to $TMPDIR/hepml-browser/ (never committed).
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ensureDist } from '../../harness/build';
import { fullScreenshot, runAllInBrowser, type PageReport } from './notebook-page';
import { startNotebookServer, type NotebookServer } from './server';
import { makeWorkspace, type Workspace } from './workspace';

const ROOT = join(__dirname, '..', '..');
const CHROMIUM = process.env.HEPML_CHROMIUM ?? '/usr/bin/chromium';
const JUPYTER_NOTEBOOK = process.env.HEPML_JUPYTER_NOTEBOOK ?? '/usr/bin/jupyter-notebook';
const OUT = join(tmpdir(), 'hepml-browser');
const NOTEBOOKS = readdirSync(join(ROOT, 'notebooks')).filter((f) => f.endsWith('.ipynb')).sort();
/** Run All's limit per notebook; the kernel's start has its own (START_MS), and mocha's limit covers both and the clean-up. */
const PER_NOTEBOOK_MS = 240_000;
const START_MS = 90_000;
const CLEANUP_MS = 45_000;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/**
 * Console errors that say nothing about the course. Each entry: why it is harmless.
 * - favicon: chromium asks for /favicon.ico, which classic Notebook does not serve (a 404 on the
 *   local server, logged as "Failed to load resource").
 */
const HARMLESS_CONSOLE: { pattern: RegExp; why: string }[] = [
  { pattern: /favicon\.ico/, why: 'chromium requests /favicon.ico; classic Notebook answers 404' },
  {
    pattern: /\/nbextensions\/widgets\/notebook\/js\/extension\.js/,
    why: "classic Notebook's main.js always tries to load the ipywidgets extension (its 'hardcoded widgets hack'); without ipywidgets that is a 404 (seen once Debian's mime-support/mailcap is installed)",
  },
];

function missingTools(): string[] {
  const missing: string[] = [];
  if (!existsSync(CHROMIUM)) missing.push(`${CHROMIUM} (Debian: apt-get install chromium)`);
  if (!existsSync(JUPYTER_NOTEBOOK)) missing.push(`${JUPYTER_NOTEBOOK} (Debian: apt-get install jupyter-notebook)`);
  if (!existsSync(join(ROOT, '.jupyter', 'kernels', 'tslab', 'kernel.json'))) missing.push('.jupyter/kernels/tslab (run npm install)');
  return missing;
}

if (process.env.HEPML_BROWSER_TEST === '1') {
  describe('the course in a real browser (classic Notebook + chromium, quick mode, Cell > Run All)', function () {
    // Longer than every wait of a test together, so that a notebook that does not finish fails with what the page
    // shows, and cleans up (its kernel shut down) before the next starts.
    this.timeout(START_MS + PER_NOTEBOOK_MS + CLEANUP_MS + 15_000);
    let workspace: Workspace | undefined;
    let server: NotebookServer | undefined;
    let context: BrowserContext | undefined;
    let profile: string | undefined;
    const times: Record<string, { openToDoneSeconds: number; runSeconds: number }> = {};

    before(async function () {
      this.timeout(180_000);
      const missing = missingTools();
      if (missing.length) {
        console.log(`    skipping the browser test: missing ${missing.join('; ')}`);
        this.skip();
      }
      ensureDist((line) => console.log(`    ${line}`));
      mkdirSync(OUT, { recursive: true });
      workspace = makeWorkspace(ROOT);
      server = await startNotebookServer({ executable: JUPYTER_NOTEBOOK, notebookDir: workspace.dir, jupyterPath: join(ROOT, '.jupyter') });
      const { chromium } = await import('playwright-core');
      profile = mkdtempSync(join(tmpdir(), 'hepml-chromium-'));
      context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 900 } });
    });

    after(async function () {
      this.timeout(60_000);
      await context?.close().catch(() => undefined);
      await server?.stop();
      workspace?.remove();
      if (profile) rmSync(profile, { recursive: true, force: true });
      if (Object.keys(times).length) {
        writeFileSync(join(OUT, 'times.json'), JSON.stringify(times, null, 2) + '\n');
        console.log(`    per-notebook seconds (open to done / Run All to idle): ${Object.entries(times).map(([n, t]) => `${n} ${t.openToDoneSeconds.toFixed(1)}/${t.runSeconds.toFixed(1)}`).join(', ')}`);
        console.log(`    screenshots: ${OUT}/*.png`);
      }
    });

    for (const name of NOTEBOOKS) {
      it(name, async function () {
        assert.ok(server && context && workspace, 'set up');
        const page: Page = await context.newPage();
        const requests: string[] = [];
        const consoleErrors: string[] = [];
        page.on('request', (r) => requests.push(r.url()));
        page.on('websocket', (ws) => requests.push(ws.url()));
        page.on('console', (m) => {
          if (m.type() !== 'error') return;
          const text = `${m.text()} ${m.location().url ?? ''}`;
          if (!HARMLESS_CONSOLE.some((h) => h.pattern.test(text))) consoleErrors.push(text);
        });
        page.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));
        const stem = name.replace(/\.ipynb$/, '');
        const opened = Date.now();
        const logFrom = server.log().length;
        let report: PageReport;
        try {
          report = await runAllInBrowser(page, `${server.base}/notebooks/${encodeURIComponent(name)}?token=${server.token}`,
            { timeoutMs: PER_NOTEBOOK_MS, startTimeoutMs: START_MS });
          times[stem] = { openToDoneSeconds: (Date.now() - opened) / 1000, runSeconds: report.runSeconds };
        } catch (e) {
          // What the server printed meanwhile says why a kernel did not answer (its stderr, a restart, a crash).
          const log = server.log().slice(logFrom).trimEnd().split('\n').slice(-40).map((l) => `        ${l}`).join('\n');
          throw new Error(`${name}: ${(e as Error).message}\n      the notebook server's log meanwhile (last 40 lines):\n${log}`);
        } finally {
          const cleanup = Promise.all([
            fullScreenshot(page, join(OUT, `${stem}.png`)).catch(() => undefined),
            shutDownKernel(server, name).catch((e: Error) => console.log(`      ${name}: the kernel's shutdown failed: ${e.message}`)),
          ]).then(() => page.close());
          await Promise.race([cleanup, new Promise((r) => setTimeout(r, CLEANUP_MS).unref())]);
        }
        assert.deepEqual(report.errors, [], `${name}: error output on the page`);
        assert.equal(report.executed, report.codeCells, `${name}: ${report.codeCells - report.executed} code cell(s) never ran`);
        assert.ok(report.svgOutputs > 0, `${name}: expected figures, found no image/svg+xml output`);
        assert.ok(report.svgs >= report.svgOutputs, `${name}: ${report.svgOutputs} SVG outputs but ${report.svgs} rendered <svg> elements`);
        assert.equal(report.emptySvgs, 0, `${name}: ${report.emptySvgs} SVG figure(s) with an empty box`);
        assert.ok(report.tables >= report.tableOutputs, `${name}: ${report.tableOutputs} HTML table outputs but ${report.tables} rendered <table> elements`);
        for (const p of report.progress) assert.equal(p.done, p.total, `${name}: a progress bar stopped at ${p.done}/${p.total}`);
        const outside = requests.filter((u) => {
          const url = new URL(u);
          return !['data:', 'blob:', 'about:'].includes(url.protocol) && url.hostname !== '127.0.0.1';
        });
        assert.deepEqual(outside, [], `${name}: requests left 127.0.0.1`);
        assert.deepEqual(consoleErrors, [], `${name}: console errors`);
        console.log(`      ${stem}: ${times[stem].openToDoneSeconds.toFixed(1)} s; ${report.codeCells} code cells, ${report.svgs} SVG figures, ${report.tables} tables, ${report.progress.length} progress bars, ${requests.length} local requests`);
      });
    }
  });
}

/**
 * Shuts down the kernel of notebook `name` through the server's REST API (frees memory between notebooks); only
 * its own, so a late clean-up never stops the next notebook's kernel.
 */
async function shutDownKernel(server: NotebookServer, name: string): Promise<void> {
  const headers = { Authorization: `token ${server.token}` };
  const signal = AbortSignal.timeout(CLEANUP_MS - 5_000);
  const sessions = (await (await fetch(`${server.base}/api/sessions`, { headers, signal })).json()) as { id: string; path?: string; notebook?: { path?: string } }[];
  const own = sessions.filter((s) => (s.path ?? s.notebook?.path) === name);
  if (own.length === 0) throw new Error(`no session of the server is the notebook's (${sessions.map((s) => s.path ?? s.notebook?.path).join(', ') || 'none'})`);
  await Promise.all(own.map((s) => fetch(`${server.base}/api/sessions/${s.id}`, { method: 'DELETE', headers, signal })));
}
