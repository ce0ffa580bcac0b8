/**
 * WebGPU in Node through the `webgpu` package (Dawn). Needs Vulkan: libvulkan1 and an ICD
 * (a GPU driver's, or SwiftShader's via VK_ICD_FILENAMES) — see bench/README.md.
 */
export async function installNodeWebGpu(): Promise<void> {
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const gpu = create([]);
  // Node 20 has no global navigator; Node 21+ has one without `gpu`.
  if (!globalThis.navigator)
    Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true });
  Object.defineProperty(globalThis.navigator, 'gpu', { value: gpu, configurable: true });
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter (needs Vulkan: libvulkan1 and an ICD)');
  await import('@tensorflow/tfjs-backend-webgpu');
}
