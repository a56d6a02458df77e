/**
 * Turns the iopub messages of one cell into nbformat outputs: consecutive streams of the same name
 * are merged, `update_display_data` replaces the earlier output with the same `display_id` in place
 * (across cells of the session), `clear_output` is honoured.
 *
 * Stored output is capped per cell (like Jupyter's output limits): past `maxBytes`, further output is
 * counted but dropped, and one note at the end says how much was dropped and how to raise the limit.
 * So a cell printing 600 MB never builds a string past V8's limit and the message pump keeps running.
 * stderr gets a small allowance past the cap, since tslab reports a failed cell there.
 */
import type { IOutput, IStream, IDisplayData, IExecuteResult, IError } from '@jupyterlab/nbformat';
import type { Message } from './wire';

/** Display id -> the outputs showing it, shared by all cells of one kernel session. */
export type DisplayRegistry = Map<string, IDisplayData[]>;

/** Default per-cell cap on stored output: 16 MiB. */
export const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
/** stderr kept past the cap, so the error report of a cell that printed too much survives. */
const STDERR_ALLOWANCE = 64 * 1024;

export interface CollectorOptions {
  /** Most characters of output stored for one cell. Default {@link DEFAULT_MAX_OUTPUT_BYTES}. */
  maxBytes?: number;
}

/** `0.5 MB`, `12 kB`. */
function size(n: number): string {
  return n >= 0.1 * 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1000))} kB`;
}

export class OutputCollector {
  readonly outputs: IOutput[] = [];
  private clearPending = false;
  private readonly maxBytes: number;
  /** Characters stored, and produced (stored or dropped). */
  private stored = 0;
  private produced = 0;
  private stderrExtra = 0;
  private note?: IStream;

  constructor(private readonly displays: DisplayRegistry = new Map(), options: CollectorOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  }

  /** True when some output of this cell was dropped by the cap. */
  get truncated(): boolean {
    return this.note !== undefined;
  }

  /** Counts `n` characters; false when they do not fit under the cap (and records the drop). */
  private fits(n: number, stderr = false): boolean {
    this.produced += n;
    if (this.stored + n <= this.maxBytes) {
      this.stored += n;
      return true;
    }
    if (stderr && this.stderrExtra + n <= STDERR_ALLOWANCE) {
      this.stderrExtra += n;
      return true;
    }
    this.drop();
    return false;
  }

  private drop(): void {
    const text = `\n[hepml run: output truncated: this cell produced ${size(this.produced)} of output; only the first ${size(this.maxBytes)} are kept. Raise the limit with --max-output MB.]\n`;
    if (!this.note) {
      this.note = { output_type: 'stream', name: 'stdout', text };
      this.outputs.push(this.note);
    } else {
      this.note.text = text;
      // Keep the note last.
      const at = this.outputs.indexOf(this.note);
      if (at >= 0 && at !== this.outputs.length - 1) this.outputs.push(...this.outputs.splice(at, 1));
    }
  }

  /** All stderr text of this cell (tslab's error report lives there). */
  get stderr(): string {
    return this.outputs
      .filter((o): o is IStream => o.output_type === 'stream' && (o as IStream).name === 'stderr')
      .map((o) => (Array.isArray(o.text) ? o.text.join('') : o.text))
      .join('');
  }

  /** Adds one iopub message (messages of other types are ignored). */
  add(msg: Message): void {
    const c = msg.content as Record<string, unknown>;
    switch (msg.header.msg_type) {
      case 'stream':
        return this.stream(c.name === 'stderr' ? 'stderr' : 'stdout', String(c.text ?? ''));
      case 'display_data':
        return this.display(c, false);
      case 'update_display_data':
        return this.display(c, true);
      case 'execute_result':
        if (!this.fits(weight(c.data))) return;
        return this.push({ output_type: 'execute_result', execution_count: (c.execution_count as number | null) ?? null, data: (c.data ?? {}) as IExecuteResult['data'], metadata: (c.metadata ?? {}) as IExecuteResult['metadata'] });
      case 'error':
        this.fits(weight(c.traceback), true); // always kept: it is what failed
        return this.push({ output_type: 'error', ename: String(c.ename), evalue: String(c.evalue), traceback: (c.traceback ?? []) as string[] } as IError);
      case 'clear_output':
        if (c.wait) this.clearPending = true;
        else {
          this.outputs.length = 0;
          this.stored = 0;
          if (this.note) this.outputs.push(this.note);
        }
        return;
      default:
        return;
    }
  }

  private push(output: IOutput): void {
    if (this.clearPending) {
      this.outputs.length = 0;
      this.clearPending = false;
      this.stored = 0;
      if (this.note) this.outputs.push(this.note);
    }
    if (this.note && this.outputs[this.outputs.length - 1] === this.note) this.outputs.splice(this.outputs.length - 1, 0, output);
    else this.outputs.push(output);
  }

  private stream(name: 'stdout' | 'stderr', text: string): void {
    if (!this.fits(text.length, name === 'stderr')) return;
    const last = this.outputs[this.outputs.length - 1 - (this.note && this.outputs[this.outputs.length - 1] === this.note ? 1 : 0)] as IStream | undefined;
    if (!this.clearPending && last && last !== this.note && last.output_type === 'stream' && last.name === name) {
      last.text = (Array.isArray(last.text) ? last.text.join('') : last.text) + text;
      return;
    }
    this.push({ output_type: 'stream', name, text });
  }

  private display(c: Record<string, unknown>, update: boolean): void {
    const id = (c.transient as { display_id?: string } | undefined)?.display_id;
    const data = (c.data ?? {}) as IDisplayData['data'];
    const metadata = (c.metadata ?? {}) as IDisplayData['metadata'];
    if (update) {
      for (const o of (id && this.displays.get(id)) || []) {
        o.data = data;
        o.metadata = metadata;
      }
      return; // an update of an unknown id shows nothing, as in Jupyter
    }
    if (!this.fits(weight(data))) return;
    const output: IDisplayData = { output_type: 'display_data', data, metadata };
    if (id) this.displays.set(id, [...(this.displays.get(id) ?? []), output]);
    this.push(output);
  }
}

/** Characters of a display bundle (its string values), as counted against the cap. */
function weight(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (Array.isArray(data)) return data.reduce((a: number, x) => a + weight(x), 0);
  if (data && typeof data === 'object') return Object.values(data).reduce((a: number, x) => a + weight(x), 0);
  return 0;
}
