/**
 * The Compress page's form and choices, kept in localStorage so a reload keeps them (the sweeps
 * themselves live in the Worker's IndexedDB). Pure helpers, no tfjs.
 */
import type { EvaluationTask } from '../../../lab/compress/evaluate';
import type { PublishedResults } from '../../../lab/compress/published';

export interface SweepForm {
  datasetId: string;
  /** '' = the model's own target. */
  target: string;
  /** '' = the dataset's first sensitive attribute. */
  groupAttribute: string;
  task: EvaluationTask;
  methods: string;
  repeats: number;
  seed: number;
  bootstrap: number;
  /** '' = the task's default. */
  disparity: string;
  /** Fine-tune pruned / clustered settings for this many epochs (0 = none; the paper used 2 and 3). */
  finetuneEpochs: number;
  finetuneSchedule: 'constant' | 'polynomial';
}

export interface SavedCompress {
  /** The last run compressed (models from files are not kept: pick them again). */
  runId: string | null;
  form: SweepForm;
  sweepId: string | null;
  published: PublishedResults | null;
}

const KEY = 'fairness-lab.compress.v1';

export const PRESETS: { label: string; methods: string }[] = [
  { label: 'sparsity 10…90%', methods: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `prune:${i / 10}`).join(',') },
  { label: 'k = 4…128', methods: [4, 8, 16, 32, 64, 128].map((k) => `cluster:${k}`).join(',') },
  { label: 'int8, fp16', methods: 'int8,int8:channel,fp16' },
  {
    label: 'combinations',
    methods: 'prune:0.5+int8,cluster:16+int8,prune:0.5+cluster:16,prune:0.5+cluster:16+int8',
  },
  { label: 'structured', methods: 'prune-structured:0.25,prune-structured:0.5' },
];

export function defaultForm(): SweepForm {
  return {
    datasetId: '',
    target: '',
    groupAttribute: '',
    task: 'classification',
    methods: 'prune:0.3,prune:0.6,prune:0.9,int8,fp16,cluster:16',
    repeats: 1,
    seed: 1,
    bootstrap: 1000,
    disparity: '',
    finetuneEpochs: 0,
    finetuneSchedule: 'constant',
  };
}

export function loadSaved(storage: Pick<Storage, 'getItem'> = localStorage): SavedCompress {
  const fallback: SavedCompress = { runId: null, form: defaultForm(), sweepId: null, published: null };
  try {
    const raw = storage.getItem(KEY);
    if (!raw) return fallback;
    const saved = JSON.parse(raw) as Partial<SavedCompress>;
    return {
      runId: typeof saved.runId === 'string' ? saved.runId : null,
      form: { ...defaultForm(), ...(saved.form ?? {}) },
      sweepId: typeof saved.sweepId === 'string' ? saved.sweepId : null,
      published: saved.published && Array.isArray(saved.published.rows) ? saved.published : null,
    };
  } catch {
    return fallback;
  }
}

export function save(state: SavedCompress, storage: Pick<Storage, 'setItem'> = localStorage): void {
  try {
    storage.setItem(KEY, JSON.stringify(state));
  } catch {
    // A full or disabled localStorage only loses the form, never a result.
  }
}

/** `?run=<id>`: the run another page links to ("Compress this model"). */
export function runFromUrl(search: string): string | null {
  const id = new URLSearchParams(search).get('run');
  return id && id.trim() !== '' ? id.trim() : null;
}
