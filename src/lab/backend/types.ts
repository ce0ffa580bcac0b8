export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export function isBackendName(name: string): name is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(name);
}

export interface AdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
}

/** What the lab runs on, and why: shown in the header and recorded with every result. */
export interface BackendChoice {
  name: BackendName;
  /** Human-readable reason, e.g. "WebGPU adapter is a software fallback (SwiftShader)". */
  reason: string;
  forced: boolean;
  adapter: AdapterInfo | null;
  /** Backends tried before this one, each with why it was not used. */
  rejected: { name: BackendName; why: string }[];
}
