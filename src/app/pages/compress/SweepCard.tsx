import type { DatasetManifest } from '../../../lab/data/types';
import type { SweepRecord } from '../../../lab/compress/sweep-types';
import { METHOD_SYNTAX } from '../../../lab/compress/settings';
import type { SweepCheck } from '../../../worker/api/compress';
import { JobProgress } from '../../components/JobProgress';
import type { JobState } from '../../hooks/useJob';
import { PRESETS, type SweepForm } from './state';

const DISPARITIES = {
  classification: [
    'accuracy_difference',
    'accuracy_ratio',
    'demographic_parity_difference',
    'equal_opportunity_difference',
    'equalized_odds_difference',
  ],
  identification: ['rank_disparity', 'disparity', 'ratio', 'rank_ratio', 'error_ratio'],
} as const;

/** Step 2: the data it is judged on, and the sweep — settings × repeats — with progress and Cancel. */
export function SweepCard({
  form,
  onForm,
  datasets,
  check,
  job,
  onRun,
  onCancel,
  canRun,
  disabled,
}: {
  form: SweepForm;
  onForm(form: SweepForm): void;
  datasets: DatasetManifest[];
  check: SweepCheck | null;
  job: JobState<SweepRecord>;
  onRun(): void;
  onCancel(): void;
  canRun: boolean;
  disabled: boolean;
}) {
  const set = <K extends keyof SweepForm>(key: K, value: SweepForm[K]) => onForm({ ...form, [key]: value });
  const manifest = datasets.find((d) => d.id === form.datasetId);
  const running = job.status === 'running';
  const problems = check?.problems ?? [];
  return (
    <div className="card" data-testid="sweep-card">
      <h2>2 · Sweep</h2>
      <div className="row">
        <label>
          Dataset (its test split)
          <select
            value={form.datasetId}
            onChange={(e) => set('datasetId', e.target.value)}
            disabled={disabled}
            data-testid="sweep-dataset"
          >
            {datasets.length === 0 && <option value="">no stored datasets</option>}
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} ({d.split.counts.test} test images)
              </option>
            ))}
          </select>
        </label>
        <label>
          Task
          <select
            value={form.task}
            onChange={(e) => onForm({ ...form, task: e.target.value as SweepForm['task'], disparity: '' })}
            disabled={disabled}
            data-testid="sweep-task"
          >
            <option value="classification">classification</option>
            <option value="identification">identification (embeddings)</option>
          </select>
        </label>
        <label>
          Target
          <select
            value={form.target}
            onChange={(e) => set('target', e.target.value)}
            disabled={disabled}
            data-testid="sweep-target"
          >
            <option value="">the model’s own</option>
            {manifest?.targets.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Groups
          <select
            value={form.groupAttribute}
            onChange={(e) => set('groupAttribute', e.target.value)}
            disabled={disabled}
            data-testid="sweep-group"
          >
            <option value="">first sensitive attribute</option>
            {manifest?.categorical
              .filter((a) => a.sensitive)
              .map((a) => (
                <option key={a.name} value={a.name}>
                  {a.name}
                </option>
              ))}
          </select>
        </label>
        <label>
          Disparity
          <select
            value={form.disparity}
            onChange={(e) => set('disparity', e.target.value)}
            disabled={disabled}
            data-testid="sweep-disparity"
          >
            <option value="">default ({DISPARITIES[form.task][0]})</option>
            {DISPARITIES[form.task].map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="grow">
        Settings, comma-separated ({METHOD_SYNTAX}; combine with +)
        <input
          type="text"
          value={form.methods}
          onChange={(e) => set('methods', e.target.value)}
          disabled={disabled}
          spellCheck={false}
          data-testid="sweep-methods"
        />
      </label>
      <div className="row">
        <span className="muted">Add:</span>
        {PRESETS.map((p) => (
          <button
            key={p.label}
            type="button"
            className="link"
            disabled={disabled}
            onClick={() => set('methods', [form.methods.trim(), p.methods].filter(Boolean).join(','))}
          >
            {p.label}
          </button>
        ))}
        <button type="button" className="link" disabled={disabled} onClick={() => set('methods', '')}>
          clear
        </button>
      </div>
      <div className="row">
        <label>
          Repeats (seeds)
          <input
            type="number"
            min={1}
            max={20}
            value={form.repeats}
            onChange={(e) => set('repeats', Number(e.target.value))}
            disabled={disabled}
            data-testid="sweep-repeats"
          />
        </label>
        <label>
          Seed
          <input
            type="number"
            value={form.seed}
            onChange={(e) => set('seed', Number(e.target.value))}
            disabled={disabled}
            data-testid="sweep-seed"
          />
        </label>
        <label>
          Bootstrap replicates
          <input
            type="number"
            min={0}
            max={10000}
            value={form.bootstrap}
            onChange={(e) => set('bootstrap', Number(e.target.value))}
            disabled={disabled}
            data-testid="sweep-bootstrap"
          />
        </label>
        <label title="Pruned and clustered settings are fine-tuned on the training split with their masks and centroids held (TFMOT), then quantised. The paper fine-tuned 2 epochs after pruning and 3 after clustering.">
          Fine-tune epochs
          <input
            type="number"
            min={0}
            max={20}
            value={form.finetuneEpochs}
            onChange={(e) => set('finetuneEpochs', Math.max(0, Math.round(Number(e.target.value) || 0)))}
            disabled={disabled}
            data-testid="sweep-finetune"
          />
        </label>
        <label>
          Pruning schedule
          <select
            value={form.finetuneSchedule}
            onChange={(e) => set('finetuneSchedule', e.target.value as 'constant' | 'polynomial')}
            disabled={disabled || form.finetuneEpochs === 0}
            data-testid="sweep-finetune-schedule"
          >
            <option value="constant">ConstantSparsity (masks fixed)</option>
            <option value="polynomial">PolynomialDecay (0 → target, power 3)</option>
          </select>
        </label>
        <button
          type="button"
          className="primary"
          disabled={!canRun || running || problems.length > 0}
          onClick={onRun}
          data-testid="sweep-run"
        >
          Run the sweep{check && check.evaluations > 0 ? ` (${check.evaluations} models)` : ''}
        </button>
      </div>
      {problems.length > 0 && (
        <p className="error" role="alert" data-testid="sweep-problems">
          {problems.join(' ')}
        </p>
      )}
      <p className="muted">
        With 2 or more repeats the sweep finds compression-identified exemplars. Pruning, int8, fp16 and
        linear clustering are deterministic, so their repeats are identical models; k-means++ clustering
        differs by seed.
      </p>
      <JobProgress state={job} onCancel={onCancel} label="sweep" />
    </div>
  );
}
