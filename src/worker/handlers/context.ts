import type { BackendChoice } from '../../lab/backend/types';
import type { DatasetStore } from '../../lab/store/types';
import type { RunStore } from '../../lab/runs/types';

/** What every handler shares inside the Worker. */
export interface LabContext {
  datasets: DatasetStore;
  runs: RunStore;
  backend: BackendChoice | null;
  /** Bundler URLs of the wasm binaries. */
  wasmPaths?: Record<string, string>;
  /** tfjs's unminified threaded glue (the source), for the threaded wasm build's pthread workers. */
  wasmThreadsGlue?: string;
}

export function requireBackend(ctx: LabContext): BackendChoice {
  if (!ctx.backend) throw new Error('The lab is not initialised yet (no backend chosen)');
  return ctx.backend;
}
