import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { nodeCoreCount } from '../../src/cli/node-wasm-threads';
import type { BenchRow } from '../types';

/**
 * Training and inference throughput in Node, one child process per backend (cpu, wasm, webgpu).
 * WebGPU uses the `webgpu` package (Dawn); without a GPU it falls back to SwiftShader, found via
 * Chromium's bundled libvulkan and ICD when the caller has not set VK_ICD_FILENAMES.
 */
export interface NodeThroughputOptions {
  quick: boolean;
  backends?: string[];
  notes: string[];
  /** Runs right after each wasm child (the PyTorch anchor at the same thread count, paired in time). */
  afterWasm?: (threads: number) => Promise<void>;
}

const CHROMIUM_VULKAN = '/usr/lib/chromium';

export async function runNodeThroughput(options: NodeThroughputOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const cores = nodeCoreCount();
  for (const backend of options.backends ?? ['wasm', 'cpu', 'webgpu']) {
    // wasm on one thread and on every core, so each pairs with PyTorch at the same thread count.
    for (const threads of backend === 'wasm' ? [...new Set([1, cores])] : [1]) {
      const limitS = options.quick ? ({ wasm: 240, cpu: 150 }[backend] ?? 90) : 1800;
      try {
        rows.push(...(await measureInChild(backend, threads, options.quick, limitS)));
      } catch (error) {
        options.notes.push(
          `node ${backend}${backend === 'wasm' ? ` ${threads}t` : ''}: unavailable (${error instanceof Error ? error.message : String(error)})`,
        );
      }
      if (backend === 'wasm') await options.afterWasm?.(threads);
    }
    // One training run on every core the other way: each batch split over one-thread replicas.
    if (backend === 'wasm' && cores > 1) {
      try {
        rows.push(...(await measureInChild(backend, 1, options.quick, options.quick ? 240 : 1800, cores)));
      } catch (error) {
        options.notes.push(
          `node wasm ${cores}×1t data-parallel: unavailable (${error instanceof Error ? error.message : String(error)})`,
        );
      }
    }
  }
  return rows;
}

function childEnv(backend: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (
    backend === 'webgpu' &&
    !env.VK_ICD_FILENAMES &&
    existsSync(`${CHROMIUM_VULKAN}/vk_swiftshader_icd.json`)
  ) {
    env.VK_ICD_FILENAMES = `${CHROMIUM_VULKAN}/vk_swiftshader_icd.json`;
    env.LD_LIBRARY_PATH = [CHROMIUM_VULKAN, env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  }
  return env;
}

function measureInChild(
  backend: string,
  threads: number,
  quick: boolean,
  limitS: number,
  replicas = 1,
): Promise<BenchRow[]> {
  const args = [
    '--import',
    'tsx',
    'bench/node-measure.ts',
    '--backend',
    backend,
    '--threads',
    String(threads),
    ...(replicas > 1 ? ['--replicas', String(replicas)] : []),
    ...(quick ? ['--quick'] : []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: childEnv(backend),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      for (const line of String(d).split('\n')) if (line.startsWith('[node ')) console.log(line);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), limitS * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('[')) return resolve(JSON.parse(last) as BenchRow[]);
      const why = code === null ? `timed out after ${limitS} s` : lastErrorLine(stderr) || `exit ${code}`;
      reject(new Error(why));
    });
  });
}

function lastErrorLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => /error/i.test(l));
  return (lines.pop() ?? '').trim().slice(0, 200);
}
