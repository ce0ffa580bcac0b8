import type { AdapterInfo } from './types';

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: Partial<AdapterInfo>;
  requestAdapterInfo?: () => Promise<Partial<AdapterInfo>>;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

/** Asks for a WebGPU adapter and describes it; null when WebGPU is absent or gives no adapter. */
export async function probeWebGpuAdapter(): Promise<AdapterInfo | null> {
  const gpu = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  if (!gpu) return null;
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch {
    return null;
  }
  if (!adapter) return null;
  const info = adapter.info ?? (await adapter.requestAdapterInfo?.()) ?? {};
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    isFallbackAdapter: Boolean(
      adapter.isFallbackAdapter ?? info.isFallbackAdapter ?? looksLikeSoftware(info),
    ),
  };
}

function looksLikeSoftware(info: Partial<AdapterInfo>): boolean {
  const text = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`.toLowerCase();
  return text.includes('swiftshader') || text.includes('llvmpipe') || text.includes('lavapipe');
}

export function describeAdapter(adapter: AdapterInfo): string {
  const parts = [adapter.vendor, adapter.architecture, adapter.device || adapter.description].filter(Boolean);
  return parts.length ? parts.join(' / ') : 'unnamed adapter';
}
