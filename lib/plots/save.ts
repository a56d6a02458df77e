/**
 * Writing figures to disk (the Node-only file edge of lib/plots).
 */
import { HepmlError } from '../errors';

/** What can be saved: anything with `toSVG()` and `toPNG()`. */
export interface Savable {
  toSVG(): string;
  toPNG(options?: { scale?: number }): Uint8Array;
}

/**
 * Saves a figure as `.svg` or `.png` (chosen by the extension), creating the folder if needed.
 * @param fig - the figure
 * @param path - the file name, ending in `.svg` or `.png`
 * @param options - `scale` for PNG (default 2)
 * @returns the path written
 */
export function saveFigure(fig: Savable, path: string, options: { scale?: number } = {}): string {
  const fs = require('node:fs') as typeof import('node:fs');
  const nodePath = require('node:path') as typeof import('node:path');
  const ext = nodePath.extname(path).toLowerCase();
  let bytes: string | Uint8Array;
  if (ext === '.svg') bytes = fig.toSVG();
  else if (ext === '.png') bytes = fig.toPNG(options);
  else throw new HepmlError(`save: expected a file name ending in .svg or .png, found ${JSON.stringify(path)}. Add the extension.`, { where: path });
  fs.mkdirSync(nodePath.dirname(nodePath.resolve(path)), { recursive: true });
  fs.writeFileSync(path, bytes);
  return path;
}
