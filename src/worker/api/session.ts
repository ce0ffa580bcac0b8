import type { BackendChoice, BackendName } from '../../lab/backend/types';
import type { WasmThreading } from '../../lab/backend/wasm';
import type { Method } from '../protocol';

export interface SessionInfo {
  backend: BackendChoice;
  /** Threads one wasm training run uses, and why only one (e.g. "not cross-origin isolated"). */
  threads: WasmThreading;
  tfjsVersion: string;
  /** Incomplete dataset writes swept at start-up (e.g. a generation interrupted by a reload). */
  sweptIncomplete: number;
}

export interface SessionApi {
  init: Method<{ backend?: BackendName }, SessionInfo>;
}
