import type { BackendChoice, BackendName } from '../../lab/backend/types';
import type { Method } from '../protocol';

export interface SessionInfo {
  backend: BackendChoice;
  tfjsVersion: string;
  /** Incomplete dataset writes swept at start-up (e.g. a generation interrupted by a reload). */
  sweptIncomplete: number;
}

export interface SessionApi {
  init: Method<{ backend?: BackendName }, SessionInfo>;
}
