export type BenchRow = {
  suite: string;
  model: string;
  backend: string;
  env: 'node' | 'chromium';
  metric: string;
  value: number;
  unit?: string;
};
