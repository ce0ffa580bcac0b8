import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { nodeCoreCount } from '../../src/cli/node-wasm-threads';
import { BENCH_MODELS } from '../lib/measure';
import type { BenchRow } from '../types';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const ANCHOR = resolve(process.cwd(), 'bench/torch/anchor.py');

/** What `bench/torch/anchor.py` prints (one JSON line). */
export interface TorchResult {
  torch: string;
  device: string;
  threads: number;
  model: string;
  size: number;
  step_ms: number;
  train_images_per_s: number;
  infer_images_per_s: number;
  gpu: string | null;
}

/** The element with the median key (the upper one of an even count). */
function median<T>(items: T[], key: (item: T) => number): T {
  return [...items].sort((a, b) => key(a) - key(b))[Math.floor(items.length / 2)];
}

export function parseTorchResult(stdout: string): TorchResult | null {
  const last = stdout.trim().split('\n').pop() ?? '';
  try {
    const parsed = JSON.parse(last) as TorchResult;
    return typeof parsed.train_images_per_s === 'number' ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * The PyTorch anchors: the same networks as the lab's bench models (`bench/torch/anchor.py`),
 * batch 64, at 32 and 64 px, with 1 thread and with one per core (`torch.set_num_threads`;
 * Debian's PyTorch defaults to 1 here). Each row is the median of `runs` runs of the anchor (the
 * machine's speed drifts from minute to minute): 3, or 1 in quick mode.
 */
export async function runTorchAnchor(options: {
  quick: boolean;
  notes: string[];
  device?: 'cpu' | 'cuda';
  /** Only these thread counts (default 1 and one per core). */
  threads?: number[];
}): Promise<BenchRow[]> {
  if (!existsSync(ANCHOR)) return skip(options.notes, `anchor script not found at ${ANCHOR}`);
  try {
    await run(PYTHON, ['-c', 'import torch']);
  } catch {
    return skip(options.notes, `${PYTHON} cannot import torch`);
  }
  const device = options.device ?? 'cpu';
  const runs = options.quick ? 1 : 3;
  const threadCounts = device === 'cuda' ? [1] : (options.threads ?? [...new Set([1, nodeCoreCount()])]);
  const rows: BenchRow[] = [];
  for (const [name, bench] of Object.entries(BENCH_MODELS)) {
    if (!bench.torch.model) continue;
    for (const size of [32, 64]) {
      for (const threads of threadCounts) {
        const results: TorchResult[] = [];
        for (let i = 0; i < runs; i++) {
          const args = [
            ANCHOR,
            '--model',
            bench.torch.model,
            '--size',
            String(size),
            '--threads',
            String(threads),
          ];
          args.push('--channels', String(bench.torch.channels), '--classes', String(bench.torch.classes));
          args.push('--device', device, ...(options.quick ? ['--steps', '10', '--warmup', '3'] : []));
          const { stdout } = await run(PYTHON, args, { timeout: 300_000 });
          const parsed = parseTorchResult(stdout);
          if (!parsed) return skip(options.notes, `unexpected anchor output: ${stdout.trim().slice(0, 120)}`);
          results.push(parsed);
        }
        const r = median(results, (x) => x.train_images_per_s);
        const base = {
          suite: 'torch',
          model: `${name}@${size}px/b64`,
          backend: `torch-${r.torch}-${device}`,
          env: 'node' as const,
          threads: r.threads,
        };
        rows.push({
          ...base,
          metric: 'torch_train_images_per_s',
          value: r.train_images_per_s,
          unit: 'img/s',
        });
        rows.push({
          ...base,
          metric: 'torch_infer_images_per_s',
          value: r.infer_images_per_s,
          unit: 'img/s',
        });
        console.log(`   torch ${name}@${size} ${r.threads}t: train ${r.train_images_per_s} img/s`);
      }
    }
  }
  return rows;
}

function skip(notes: string[], why: string): BenchRow[] {
  notes.push(`torch: skipped (${why})`);
  return [];
}
