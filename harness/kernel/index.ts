/** The real engine: the tslab kernel from the kernelspec, over the Jupyter messaging protocol. */
import type { Engine, KernelSession, StartOptions } from '../engine';
import { findKernelSpec } from './kernelspec';
import { TslabSession, type SessionOptions } from './session';

export { findKernelSpec, jupyterPath, PROJECT_ROOT, type KernelSpec } from './kernelspec';
export { TslabSession, killAllKernels, type SessionOptions } from './session';
export { parseTslabError, stripAnsi } from './tslab-error';
export { OutputCollector } from './outputs';
export * as wire from './wire';

export class KernelEngine implements Engine {
  readonly name: string;
  constructor(private readonly kernelName = 'tslab', private readonly options: SessionOptions = {}) {
    this.name = kernelName;
  }
  start(start: StartOptions): Promise<KernelSession> {
    return TslabSession.start(findKernelSpec(this.kernelName), start, this.options);
  }
}
