import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { BenchRow } from '../types';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const ANCHOR = resolve(process.cwd(), '../shared/anchors/torch_cnn_cpu.py');
const ANCHOR_RUNS = 3;

/** The element with the median key (the upper one of an even count). */
function median<T>(items: T[], key: (item: T) => number): T {
  return [...items].sort((a, b) => key(a) - key(b))[Math.floor(items.length / 2)];
}

/** The PyTorch CPU anchor (same reference CNN, batch 64, Adam), when python3 has torch. */
export async function runTorchAnchor(options: { quick: boolean; notes: string[] }): Promise<BenchRow[]> {
  if (!existsSync(ANCHOR)) return skip(options.notes, `anchor script not found at ${ANCHOR}`);
  try {
    await run(PYTHON, ['-c', 'import torch']);
  } catch {
    return skip(options.notes, `${PYTHON} cannot import torch`);
  }
  const rows: BenchRow[] = [];
  for (const size of options.quick ? [32] : [32, 64]) {
    // The anchor's own figure is a median of 20 steps; this machine's speed drifts from minute to
    // minute, so the row is the median of ANCHOR_RUNS runs of it.
    const runs = [];
    for (let i = 0; i < ANCHOR_RUNS; i++) {
      const { stdout } = await run(PYTHON, [ANCHOR, String(size)], { timeout: 300_000 });
      const parsed = parseTorchLine(stdout);
      if (!parsed) return skip(options.notes, `unexpected anchor output: ${stdout.trim().slice(0, 120)}`);
      runs.push(parsed);
    }
    const parsed = median(runs, (r) => r.train);
    const model = `reference-cnn@${size}px/b64`;
    const base = {
      suite: 'torch',
      model,
      backend: `torch-${parsed.version}-cpu-${parsed.threads}t`,
      env: 'node' as const,
    };
    rows.push({ ...base, metric: 'torch_train_images_per_s', value: parsed.train, unit: 'img/s' });
    rows.push({ ...base, metric: 'torch_infer_images_per_s', value: parsed.infer, unit: 'img/s' });
  }
  return rows;
}

/** Parses "torch 1.13.0 threads 2 size 32: train 1213 img/s (median step 52.7 ms), infer 4043 img/s". */
export function parseTorchLine(text: string) {
  const m =
    /torch (\S+) threads (\d+) size (\d+): train (\d+(?:\.\d+)?) img\/s.*infer (\d+(?:\.\d+)?) img\/s/.exec(
      text,
    );
  if (!m) return null;
  return {
    version: m[1],
    threads: Number(m[2]),
    size: Number(m[3]),
    train: Number(m[4]),
    infer: Number(m[5]),
  };
}

function skip(notes: string[], why: string): BenchRow[] {
  notes.push(`torch: skipped (${why})`);
  return [];
}
