/**
 * A progress bar that updates in place in a notebook and prints a few plain lines elsewhere (CI logs).
 */
import { escapeHtml } from '../errors';
import { inKernel, sendDisplay } from './kernel';

export interface ProgressOptions {
  /** Total number of steps (epochs, batches, events). */
  total: number;
  /** Text in front of the bar. Default `''`. */
  label?: string;
  /** Minimum milliseconds between two in-place updates. Default 200. */
  intervalMs?: number;
  /** Plain-text mode: how many evenly spaced lines to print (besides the last). Default 4. */
  lines?: number;
  /** Clock in milliseconds, injectable for tests. Default `Date.now`. */
  now?: () => number;
  /** Force a mode instead of detecting the kernel. */
  mode?: 'kernel' | 'text' | 'silent';
  /** Where plain text goes. Default `console.log`. */
  write?: (line: string) => void;
}

const DEFAULTS = { label: '', intervalMs: 200, lines: 4 };
let displayCounter = 0;

/** The handle returned by {@link progress}. */
export interface Progress {
  /** Sets the number of completed steps, with an optional message such as `loss=0.41`. */
  update(done: number, message?: string): void;
  /** Marks the work as finished (shows 100% and the elapsed time). */
  finish(message?: string): void;
  /** The last rendered text, for tests and logs. */
  readonly text: string;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s - 60 * m)).padStart(2, '0')}s`;
}

/** Renders `label [#####.....] 12/40 30% 3.1s<7.2s message` (elapsed < ETA). */
export function renderBar(label: string, done: number, total: number, elapsedMs: number, message = '', width = 30): string {
  const frac = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.round(frac * width);
  const eta = done > 0 ? (elapsedMs / done) * (total - done) : NaN;
  const head = label ? `${label} ` : '';
  const time = done >= total ? formatSeconds(elapsedMs / 1000) : `${formatSeconds(elapsedMs / 1000)}<${formatSeconds(eta / 1000)}`;
  const tail = message ? ` ${message}` : '';
  return `${head}[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${Math.round(frac * 100)}% ${time}${tail}`;
}

/**
 * Starts a progress bar.
 * @example
 * const bar = progress({ total: epochs, label: 'training' });
 * for (let e = 1; e <= epochs; e++) { ...; bar.update(e, `loss=${loss.toFixed(3)}`); }
 * bar.finish();
 */
export function progress(options: ProgressOptions): Progress {
  const total = Math.max(0, Math.floor(options.total));
  const label = options.label ?? DEFAULTS.label;
  const intervalMs = options.intervalMs ?? DEFAULTS.intervalMs;
  const lines = Math.max(1, options.lines ?? DEFAULTS.lines);
  const now = options.now ?? Date.now;
  const write = options.write ?? ((line: string) => console.log(line));
  const mode = options.mode ?? (inKernel() ? 'kernel' : 'text');
  const start = now();
  const id = `hepml-progress-${process.pid}-${++displayCounter}`;
  let lastDraw = -Infinity;
  let nextLine = 1; // plain mode: next fraction index (1..lines) to print
  let text = '';
  let created = false;
  let lastWritten = '';
  let finished = false;

  function draw(done: number, message: string | undefined, force: boolean): void {
    const t = now();
    text = renderBar(label, done, total, t - start, message);
    if (mode === 'kernel') {
      if (!force && t - lastDraw < intervalMs) return;
      lastDraw = t;
      const frac = total > 0 ? done / total : 1;
      const htmlBar = `<div class="hepml-progress" data-done="${done}" data-total="${total}"><progress value="${frac}" max="1" style="width:20em"></progress> <code>${escapeHtml(text)}</code></div>`;
      sendDisplay({ 'text/html': htmlBar, 'text/plain': text }, id, created);
      created = true;
    } else if (mode === 'text') {
      const frac = total > 0 ? done / total : 1;
      const due = frac >= nextLine / (lines + 1) && nextLine <= lines;
      if (due || (force && lastWritten !== text)) {
        while (nextLine <= lines && frac >= nextLine / (lines + 1)) nextLine += 1;
        if (frac < 1 || force) {
          write(text);
          lastWritten = text;
        }
      }
    }
  }

  if (mode === 'kernel') draw(0, undefined, true);
  return {
    update(done: number, message?: string) {
      if (!finished) draw(Math.min(done, total), message, false);
    },
    finish(message?: string) {
      if (finished) return;
      finished = true;
      draw(total, message, true);
    },
    get text() {
      return text;
    },
  };
}
