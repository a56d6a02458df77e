/**
 * `show(x)`: display a figure, table or text inline in a notebook.
 *
 * In a tslab kernel the value's MIME bundle goes to the front end as `display_data` (JupyterLab picks
 * the richest type it can render). Outside a kernel, `show` writes the richest part to the folder named
 * by `HEPML_DISPLAY_DIR` when it is set, and otherwise prints the plain-text fallback.
 *
 * `show` is synchronous on purpose: tslab does not await a cell's last value, so a display must be sent
 * before the cell returns.
 */
import { HepmlError, describe } from '../errors';
import { inKernel, sendDisplay, type MimeBundle } from './kernel';

/** Anything that can describe itself as a MIME bundle (figures, tables). */
export interface Displayable {
  toMimeBundle(): MimeBundle;
}

function isDisplayable(x: unknown): x is Displayable {
  return typeof x === 'object' && x !== null && typeof (x as Displayable).toMimeBundle === 'function';
}

/** Converts what `show` accepts into a MIME bundle. Strings are shown as plain text. */
export function toMimeBundle(x: unknown): MimeBundle {
  if (isDisplayable(x)) return x.toMimeBundle();
  if (typeof x === 'string') return { 'text/plain': x };
  if (x instanceof Uint8Array) return { 'image/png': x, 'text/plain': '<PNG image>' };
  if (typeof x === 'object' && x !== null && Object.keys(x).some((k) => k.includes('/'))) return x as MimeBundle;
  throw new HepmlError(`show: expected a figure, a table, a string or a MIME bundle, found ${describe(x)}.`);
}

/** Markdown text as a displayable value. */
export function markdown(text: string): Displayable {
  return { toMimeBundle: () => ({ 'text/markdown': text, 'text/plain': text }) };
}

/** HTML as a displayable value. */
export function html(source: string, plain = '<HTML>'): Displayable {
  return { toMimeBundle: () => ({ 'text/html': source, 'text/plain': plain }) };
}

let fileCounter = 0;
const EXTENSIONS: [keyof MimeBundle, string][] = [
  ['image/svg+xml', 'svg'],
  ['image/png', 'png'],
  ['text/html', 'html'],
  ['text/markdown', 'md'],
];

/**
 * Shows `x` inline (figure, table, markdown, HTML, PNG bytes or text).
 * @returns nothing, so a cell ending in `show(fig)` prints no extra value.
 * @example
 * show(histogram({ ... }));
 */
export function show(x: unknown): void {
  const bundle = toMimeBundle(x);
  if (inKernel()) {
    sendDisplay(bundle);
    return;
  }
  const dir = typeof process !== 'undefined' ? process.env.HEPML_DISPLAY_DIR : undefined;
  if (dir) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const fs = require('node:fs') as typeof import('node:fs');
    const path = require('node:path') as typeof import('node:path');
    for (const [mime, ext] of EXTENSIONS) {
      const value = bundle[mime];
      if (value === undefined) continue;
      fs.mkdirSync(dir, { recursive: true });
      fileCounter += 1;
      const file = path.join(dir, `display-${String(fileCounter).padStart(3, '0')}.${ext}`);
      fs.writeFileSync(file, value as string | Uint8Array);
      return;
    }
  }
  if (bundle['text/plain'] !== undefined) console.log(bundle['text/plain']);
}
