/** Every flag `lab metrics` accepts, with its help: the parser and `--help` both read this list. */
import { formatHelp, type FlagGroup } from '../flag-help';

export const METRICS_FLAGS: readonly FlagGroup[] = [
  {
    title: 'input (exactly one)',
    flags: [
      {
        name: 'input',
        value: 'preds.csv',
        help: 'y_true, y_pred (or score with --threshold), optional score and sample_weight, group columns',
      },
      { name: 'ranks', value: 'ranks.csv', help: 'identity, group, rank (FR-NAS identification metrics)' },
      {
        name: 'embeddings',
        value: 'emb.csv',
        help: 'identity, group, e0..e{d-1}: ranked leave-one-out first',
      },
    ],
  },
  {
    title: 'classification (--input)',
    flags: [
      {
        name: 'group-cols',
        value: 'a,b',
        help: 'group columns, crossed (default: "group", else every other column)',
      },
      { name: 'no-groups', help: 'no group columns: overall and per-class metrics only' },
      {
        name: 'pos-label',
        value: 'L',
        help: 'positive label of the binary rates (default 1 for 0/1 labels)',
      },
      {
        name: 'threshold',
        value: 'T',
        help: 'predict the positive label when score >= T (no y_pred needed)',
      },
      { name: 'privileged', value: 'G', help: 'privileged group for the AIF360 view' },
      {
        name: 'method',
        value: 'between_groups|to_overall',
        help: 'how disparities compare groups (Fairlearn)',
      },
      { name: 'min-count', value: 'N', help: 'flag groups with fewer rows (default 30)' },
    ],
  },
  {
    title: 'identification (--ranks, --embeddings)',
    flags: [
      { name: 'group-order', value: 'a,b', help: 'order of the two groups in the ratios' },
      {
        name: 'backend',
        value: 'cpu|wasm|webgl|webgpu',
        help: 'tfjs backend for ranking embeddings (default wasm)',
      },
    ],
  },
  {
    title: 'intervals and output',
    flags: [
      { name: 'bootstrap', value: 'B', help: 'percentile bootstrap replicates (default 0: none)' },
      { name: 'seed', value: 'S', help: 'bootstrap seed (default 0)' },
      { name: 'level', value: 'L', help: 'interval level (default 0.95)' },
      { name: 'json', help: 'print the report as JSON' },
    ],
  },
];

export function metricsUsage(): string {
  return formatHelp(
    [
      'metrics --input preds.csv [--group-cols a,b] [--pos-label L] [--threshold T] [--privileged G] --json',
      '       metrics --ranks ranks.csv | --embeddings emb.csv [--group-order a,b] --json',
    ],
    METRICS_FLAGS,
  );
}
