import type { DatasetManifest } from '../../../lab/data/types';
import { MITIGATION_METHODS, type MitigationSpec } from '../../../lab/mitigation/spec';
import { SAMPLER_NAMES } from '../../../lab/search/settings';
import { metricLabel } from '../../components/metric-labels';
import { groupChoices, taskChoices } from '../train/task-choices';
import {
  applyPreset,
  disparityOf,
  isIdentification,
  presetOf,
  SEARCH_PRESETS,
  SPACE_NAMES,
  type SearchForm,
} from './search-form';

/** Disparities a study can minimise: every one is "lower is fairer" (ratios of min/max are not offered). */
const DISPARITIES = {
  identification: ['rank_disparity', 'disparity', 'rank_ratio', 'ratio', 'error_ratio'],
  classification: ['accuracy_difference', 'equalized_odds_difference', 'demographic_parity_difference'],
};

const SPACE_LABELS: Record<string, string> = {
  frnas: 'FR-NAS DPN (edges 0–8 ×3, head, optimiser, lr)',
  'expression-cnn': 'expression CNN (width, dropout, lr, batch)',
  conv: 'generic conv net',
};

const SAMPLER_LABELS: Record<string, string> = {
  random: 'random',
  parego: 'ParEGO (SMAC3: random-forest surrogate, augmented Chebyshev)',
  nsga2: 'NSGA-II (Optuna’s defaults)',
};

/** Mitigation baselines the study's task can train (FR-NAS's flipped and angular act on identities). */
function mitigationFits(method: string, form: SearchForm): boolean {
  if (method === 'none' || method === 'threshold') return false;
  if (method === 'flipped' || method === 'angular') return isIdentification(form);
  return true;
}

type NumberKey =
  'trials' | 'minEpochs' | 'maxEpochs' | 'eta' | 'batchSize' | 'seed' | 'workers' | 'maxParameters';

/** The form's whole-number settings, in the order they are shown. */
function numberFields(form: SearchForm, cores: number) {
  const field = (
    key: NumberKey,
    label: string,
    testId: string,
    min = 1,
    extra: { max?: number; disabled?: boolean } = {},
  ) => ({
    key,
    label,
    testId: `search-${testId}`,
    min,
    ...extra,
  });
  return [
    field('trials', 'Trials (sampled; baselines run in addition)', 'trials'),
    field('minEpochs', 'Min epochs', 'min-epochs'),
    field('maxEpochs', 'Max epochs', 'max-epochs'),
    field('eta', 'Hyperband η', 'eta', 2, { disabled: form.minEpochs >= form.maxEpochs }),
    field('batchSize', 'Batch size', 'batch'),
    field('seed', 'Seed', 'seed', 0),
    field('workers', 'Trial Workers (k at once)', 'workers', 1, { max: Math.max(1, cores) }),
    field('maxParameters', 'Max parameters (0: no constraint)', 'max-params', 0),
  ];
}

interface Props {
  form: SearchForm;
  onForm(form: SearchForm): void;
  datasets: DatasetManifest[];
  disabled: boolean;
  cores: number;
}

/** The study's settings: presets, data and task, space, sampler, Hyperband, Workers, baselines. */
export function StudyForm({ form, onForm, datasets, disabled, cores }: Props) {
  const manifest = datasets.find((d) => d.id === form.datasetId) ?? null;
  const set = (patch: Partial<SearchForm>) => onForm({ ...form, ...patch });
  const num =
    (key: keyof SearchForm, parse: (s: string) => number = Number) =>
    (e: { target: { value: string } }) => {
      const n = parse(e.target.value);
      if (Number.isFinite(n)) set({ [key]: n } as Partial<SearchForm>);
    };
  const preset = presetOf(form);
  const hyperband = form.minEpochs < form.maxEpochs;
  const toggleMitigation = (method: MitigationSpec['method'], on: boolean) =>
    set({
      mitigations: on
        ? [...form.mitigations, { method } as MitigationSpec]
        : form.mitigations.filter((m) => m.method !== method),
    });
  return (
    <fieldset className="study-form" disabled={disabled} data-testid="study-form">
      <div className="presets" role="group" aria-label="presets">
        {SEARCH_PRESETS.map((p) => (
          <button
            type="button"
            key={p.id}
            className={preset === p.id ? 'active' : ''}
            onClick={() => onForm(applyPreset(form, p))}
            data-testid={`preset-${p.id}`}
          >
            {p.label}
          </button>
        ))}
        {preset === 'custom' && <span className="muted"> custom settings</span>}
      </div>
      <div className="form-grid">
        <label>
          Dataset
          <select
            value={form.datasetId}
            onChange={(e) => set({ datasetId: e.target.value, groupAttribute: '' })}
            data-testid="search-dataset"
          >
            <option value="">choose…</option>
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} · {d.nImages.toLocaleString('en-US')} images · {d.image.size} px
              </option>
            ))}
          </select>
        </label>
        <label>
          Task
          <select
            value={form.target}
            onChange={(e) => set({ target: e.target.value, groupAttribute: '', disparity: '' })}
            data-testid="search-task"
          >
            {(manifest ? taskChoices(manifest) : [{ target: form.target, label: form.target }]).map((c) => (
              <option key={c.target} value={c.target}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Groups
          <select
            value={form.groupAttribute}
            onChange={(e) => set({ groupAttribute: e.target.value })}
            data-testid="search-group"
          >
            <option value="">the first sensitive attribute</option>
            {(manifest ? groupChoices(manifest, form.target) : []).map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </label>
        <label>
          Objective 2 (minimised with error)
          <select
            value={disparityOf(form)}
            onChange={(e) => set({ disparity: e.target.value })}
            data-testid="search-disparity"
          >
            {DISPARITIES[isIdentification(form) ? 'identification' : 'classification'].map((d) => (
              <option key={d} value={d}>
                {metricLabel(d)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Search space
          <select
            value={form.space}
            onChange={(e) => set({ space: e.target.value as SearchForm['space'] })}
            data-testid="search-space"
          >
            {SPACE_NAMES.map((s) => (
              <option key={s} value={s}>
                {SPACE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        {form.space === 'frnas' && (
          <label>
            DPN width multiplier
            <input
              type="number"
              min={0.02}
              max={1}
              step={0.02}
              value={form.frnasWidth}
              onChange={num('frnasWidth')}
              data-testid="search-width"
            />
          </label>
        )}
        <label>
          Sampler
          <select
            value={form.sampler}
            onChange={(e) => set({ sampler: e.target.value as SearchForm['sampler'] })}
            data-testid="search-sampler"
          >
            {SAMPLER_NAMES.map((s) => (
              <option key={s} value={s}>
                {SAMPLER_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        {numberFields(form, cores).map((f) => (
          <label key={f.key}>
            {f.label}
            <input
              type="number"
              min={f.min}
              max={f.max}
              value={form[f.key]}
              onChange={num(f.key)}
              disabled={f.disabled}
              data-testid={f.testId}
            />
          </label>
        ))}
      </div>
      <p className="muted">
        {hyperband
          ? `Hyperband on epochs (${form.minEpochs} → ${form.maxEpochs}, η = ${form.eta}); promoted trials continue from their checkpoints.`
          : `Every trial trains ${form.maxEpochs} epoch${form.maxEpochs === 1 ? '' : 's'} (set min < max for Hyperband).`}{' '}
        {form.workers > 1
          ? `${form.workers} trials train at once.`
          : 'One trial at a time: the same seed gives the same sequence.'}{' '}
        This machine reports {cores} core{cores === 1 ? '' : 's'}.
      </p>
      <div className="baselines-choice">
        <label>
          <input
            type="checkbox"
            checked={form.otherBaselines}
            onChange={(e) => set({ otherBaselines: e.target.checked })}
            data-testid="search-other-baselines"
          />{' '}
          Also train the other families’ baselines (expression CNN, default conv net)
        </label>
        <span>Mitigation baselines (on the space’s first baseline):</span>
        {MITIGATION_METHODS.filter((m) => mitigationFits(m.method, form)).map((m) => (
          <label key={m.method}>
            <input
              type="checkbox"
              checked={form.mitigations.some((s) => s.method === m.method)}
              onChange={(e) => toggleMitigation(m.method, e.target.checked)}
              data-testid={`search-mitigation-${m.method}`}
            />{' '}
            {m.label}
          </label>
        ))}
      </div>
      <label>
        Study name
        <input
          value={form.name}
          placeholder="named from its settings"
          onChange={(e) => set({ name: e.target.value })}
          data-testid="search-name"
        />
      </label>
    </fieldset>
  );
}
