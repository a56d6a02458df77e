/**
 * Turns the iopub messages of one cell into nbformat outputs: consecutive streams of the same name
 * are merged, `update_display_data` replaces the earlier output with the same `display_id` in place
 * (across cells of the session), `clear_output` is honoured.
 */
import type { IOutput, IStream, IDisplayData, IExecuteResult, IError } from '@jupyterlab/nbformat';
import type { Message } from './wire';

/** Display id -> the outputs showing it, shared by all cells of one kernel session. */
export type DisplayRegistry = Map<string, IDisplayData[]>;

export class OutputCollector {
  readonly outputs: IOutput[] = [];
  private clearPending = false;

  constructor(private readonly displays: DisplayRegistry = new Map()) {}

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
        return this.push({ output_type: 'execute_result', execution_count: (c.execution_count as number | null) ?? null, data: (c.data ?? {}) as IExecuteResult['data'], metadata: (c.metadata ?? {}) as IExecuteResult['metadata'] });
      case 'error':
        return this.push({ output_type: 'error', ename: String(c.ename), evalue: String(c.evalue), traceback: (c.traceback ?? []) as string[] } as IError);
      case 'clear_output':
        if (c.wait) this.clearPending = true;
        else this.outputs.length = 0;
        return;
      default:
        return;
    }
  }

  private push(output: IOutput): void {
    if (this.clearPending) {
      this.outputs.length = 0;
      this.clearPending = false;
    }
    this.outputs.push(output);
  }

  private stream(name: 'stdout' | 'stderr', text: string): void {
    const last = this.outputs[this.outputs.length - 1] as IStream | undefined;
    if (!this.clearPending && last && last.output_type === 'stream' && last.name === name) {
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
    const output: IDisplayData = { output_type: 'display_data', data, metadata };
    if (id) this.displays.set(id, [...(this.displays.get(id) ?? []), output]);
    this.push(output);
  }
}
