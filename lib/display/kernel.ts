/**
 * The one place that knows about the tslab kernel.
 *
 * Inside a tslab kernel, `tslab/dist/jupyter` holds the function that sends `display_data` for the
 * cell being executed. We look it up in `require.cache` instead of requiring tslab, so that code run
 * outside a kernel (tests, the CLI, a browser later) never loads tslab or its TypeScript compiler.
 */

/** A Jupyter MIME bundle: the richest type a front end understands is shown, `text/plain` is the fallback. */
export interface MimeBundle {
  'text/plain'?: string;
  'text/html'?: string;
  'text/markdown'?: string;
  'image/svg+xml'?: string;
  /** PNG bytes (sent base64-encoded). */
  'image/png'?: Uint8Array;
  'application/json'?: unknown;
}

type WriteDisplayData = (data: { data: Record<string, unknown>; metadata: object; transient: { display_id?: string } }, update: boolean) => void;

function tslabJupyterModule(): { lastWriteDisplayData?: WriteDisplayData } | undefined {
  const cache = typeof require === 'function' ? require.cache : undefined;
  if (!cache) return undefined;
  for (const key of Object.keys(cache)) {
    if (/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(key)) return cache[key]?.exports as { lastWriteDisplayData?: WriteDisplayData };
  }
  return undefined;
}

/** True when running inside a tslab kernel that is executing a cell. */
export function inKernel(): boolean {
  return typeof tslabJupyterModule()?.lastWriteDisplayData === 'function';
}

/**
 * Sends a MIME bundle to the front end. With `displayId`, the first call creates the display and later
 * calls with the same id replace it in place (progress bars). Returns false outside a kernel.
 */
export function sendDisplay(bundle: MimeBundle, displayId?: string, update = false): boolean {
  const write = tslabJupyterModule()?.lastWriteDisplayData;
  if (typeof write !== 'function') return false;
  const data: Record<string, unknown> = {};
  for (const [mime, value] of Object.entries(bundle)) {
    if (value === undefined) continue;
    data[mime] = value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
  }
  write({ data, metadata: {}, transient: displayId ? { display_id: displayId } : {} }, update);
  return true;
}
