import type { SessionInfo } from '../../worker/api/session';

/**
 * The header badge in words: "CPU (wasm, SIMD) · no usable GPU". `phrases` follow the label,
 * joined by " · ", so another fact (e.g. a thread count) is one more phrase.
 */
export interface BackendSummary {
  /** What does the work: "GPU", "software GPU" or "CPU". */
  device: string;
  /** After the backend's name, inside the parentheses, e.g. ", SIMD". */
  detail: string;
  phrases: string[];
  /** 'warn' when the session carries a warning (a forced slow backend). */
  tone: 'ok' | 'warn';
}

export function backendSummary(info: SessionInfo): BackendSummary {
  const { backend } = info;
  const adapter = backend.adapter;
  const software = Boolean(adapter?.isFallbackAdapter);
  const phrases: string[] = [];
  let device = 'CPU';
  let detail = '';
  if (backend.name === 'webgpu') {
    device = software ? 'software GPU' : 'GPU';
    const name = adapter?.architecture || adapter?.vendor;
    detail = name ? `, ${name}` : '';
  } else if (backend.name === 'webgl') {
    device = 'GPU';
  } else if (backend.name === 'wasm') {
    // The kernels name the JS fallback loops when the engine has no WebAssembly SIMD.
    if (info.kernels) detail = info.kernels.includes('JS loops') ? ', no SIMD' : ', SIMD';
  } else {
    detail = ', plain JS';
  }
  const webgpuPassedOver = backend.rejected.some((r) => r.name === 'webgpu');
  if (webgpuPassedOver) phrases.push(backend.name === 'webgl' ? 'no usable WebGPU' : 'no usable GPU');
  // The thread count is short here; why only one (e.g. "not cross-origin isolated") is in the popover.
  if (backend.name === 'wasm' && info.threads)
    phrases.push(info.threads.threads > 1 ? `${info.threads.threads} threads` : 'single-threaded');
  if (backend.forced) phrases.push('forced');
  if (info.warning) phrases.push('slow');
  return { device, detail, phrases, tone: info.warning ? 'warn' : 'ok' };
}

/** The badge as one line of text (for titles and tests). */
export function backendSummaryText(info: SessionInfo): string {
  const s = backendSummary(info);
  return [`${s.device} (${info.backend.name}${s.detail})`, ...s.phrases].join(' · ');
}
