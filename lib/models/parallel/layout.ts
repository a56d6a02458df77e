/**
 * The shared memory of a two-thread training session: a header of Int32 flags, then float32 regions for the
 * weights, the helper's gradients, its half of the batch (x, y, w, dropout masks / noise) and its logits.
 * Main and helper thread build the same {@link Layout} from the same {@link LayoutSpec}.
 */

/** Header slots (Int32). */
export const H = {
  /** Step counter written by the main thread (the helper waits on it). */
  SEQ: 0,
  /** Last step the helper finished (the main thread waits on it). */
  DONE: 1,
  /** 1 = compute a step, 2 = end the session. */
  CMD: 2,
  /** 0 = ok, 1 = the helper failed (message in the text region). */
  STATUS: 3,
  /** Rows of the helper's half. */
  ROWS: 4,
  /** Rows of the full batch (the gradients are of Σ wᵢℓᵢ / full). */
  FULL: 5,
  /** 1 when the batch has sample weights. */
  WEIGHTED: 6,
  /** Bytes of the error message. */
  TEXT: 7,
  /** Microseconds the helper spent on its last step (for profiles). */
  BUSY_US: 8,
  /** Tensors the helper's tfjs holds after its last step (for tests: the count must not grow). */
  TENSORS: 9,
} as const;
const HEADER = 16;
const TEXT_BYTES = 1024;

/** Sizes the session is laid out for. */
export interface LayoutSpec {
  /** Trainable parameters (all variables, flat). */
  params: number;
  /** Values per sample of x. */
  row: number;
  /** Outputs (columns of y and of the logits). */
  outputs: number;
  /** Most rows the helper's half can have. */
  rows: number;
  /** Mask or noise values per sample, per noisy layer, in forward order. */
  noisy: number[];
}

/** Views of one session's shared buffer. */
export interface Layout {
  header: Int32Array;
  params: Float32Array;
  grads: Float32Array;
  x: Float32Array;
  y: Float32Array;
  w: Float32Array;
  masks: Float32Array;
  logits: Float32Array;
  text: Uint8Array;
}

/** A new shared buffer for `spec`. */
export function allocate(spec: LayoutSpec): SharedArrayBuffer {
  return new SharedArrayBuffer(byteLength(spec));
}

function floats(spec: LayoutSpec): number[] {
  const perMask = spec.noisy.reduce((a, b) => a + b, 0);
  return [spec.params, spec.params, spec.rows * spec.row, spec.rows * spec.outputs, spec.rows, spec.rows * perMask, spec.rows * spec.outputs];
}

function byteLength(spec: LayoutSpec): number {
  return HEADER * 4 + floats(spec).reduce((a, b) => a + b, 0) * 4 + TEXT_BYTES;
}

/** The views of `buffer` (made by {@link allocate} with the same `spec`). */
export function views(buffer: SharedArrayBuffer, spec: LayoutSpec): Layout {
  if (buffer.byteLength !== byteLength(spec)) throw new Error(`hepml two-thread step: shared buffer of ${buffer.byteLength} bytes, layout needs ${byteLength(spec)}.`);
  let at = HEADER * 4;
  const next = (n: number) => {
    const v = new Float32Array(buffer, at, n);
    at += n * 4;
    return v;
  };
  const header = new Int32Array(buffer, 0, HEADER);
  const [params, grads, x, y, w, masks, logits] = floats(spec).map(next);
  return { header, params, grads, x, y, w, masks, logits, text: new Uint8Array(buffer, at, TEXT_BYTES) };
}

/** Writes an error message into the text region (truncated to fit). */
export function writeText(l: Layout, message: string): void {
  const bytes = new TextEncoder().encode(message).subarray(0, l.text.length);
  l.text.set(bytes);
  l.header[H.TEXT] = bytes.length;
}

/** The message written by {@link writeText}. */
export function readText(l: Layout): string {
  return new TextDecoder().decode(l.text.slice(0, l.header[H.TEXT]));
}
