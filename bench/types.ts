export type BenchRow = {
  suite: string;
  model: string;
  backend: string;
  env: 'node' | 'chromium';
  metric: string;
  value: number;
  unit?: string;
  /** Threads the measurement ran on (wasm and PyTorch); ratios pair rows at the same count. */
  threads?: number;
};
