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
  /**
   * Training images/s of the calibration net per backend: the measurement behind the choice, or
   * beside a forced backend. Absent when nothing was measured or cached.
   */
  calibration?: {
    imagesPerSecond: Partial<Record<BackendName, number>>;
    cached: boolean;
    measuredAt: string;
  };
  /** Why the forced backend is likely slow, with the calibrated speeds (see forcedBackendWarning). */
  warning?: string;
  /** The wasm backend's training kernels, e.g. "WebAssembly SIMD with relaxed multiply-add". */
  kernels?: string;
}

/**
 * `init` reports progress while it calibrates: phase 'calibrate', done/total backends measured,
 * the one being measured in `message`. A cached calibration reports nothing.
 */
export interface SessionApi {
  init: Method<{ backend?: BackendName }, SessionInfo>;
}
