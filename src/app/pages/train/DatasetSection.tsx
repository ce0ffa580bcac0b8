import type { DatasetManifest } from '../../../lab/data/types';
import {
  LARGE_PRESET,
  QUICK_PRESET,
  neutralConfig,
  syntheticImageCount,
  type SyntheticConfig,
} from '../../../lab/data/synthetic/config';
import { syntheticDatasetName } from '../../../lab/data/synthetic/naming';
import { JobProgress } from '../../components/JobProgress';
import { NameField } from '../../components/NameField';
import type { useJob } from '../../hooks/useJob';

interface Props {
  config: SyntheticConfig;
  onConfig(config: SyntheticConfig): void;
  datasets: DatasetManifest[] | null;
  /** The stored dataset Train uses; null when the settings are not generated yet. */
  shown: DatasetManifest | null;
  /** Why nothing is shown (settings not generated, or a dataset the link names is missing). */
  missing: string | null;
  onSelect(manifest: DatasetManifest): void;
  onRename(id: string, name: string): Promise<void>;
  job: ReturnType<typeof useJob<DatasetManifest>>;
  onGenerate(): void;
  onGenerateAndTrain(): void;
  disabled: boolean;
}

/** A stored dataset in the list: its name, plus the size where the name does not say it. */
function optionLabel(d: DatasetManifest): string {
  const { source } = d;
  if (source.kind === 'synthetic' && d.name === syntheticDatasetName(source.config as SyntheticConfig))
    return d.name;
  const kind = source.kind === 'import' ? ` · ${source.format}` : source.kind === 'bundle' ? ' · bundle' : '';
  return `${d.name} · ${d.nImages.toLocaleString('en-US')} images · ${d.image.size} px${kind}`;
}

/** Which size preset the settings match; 'custom' for any other size (e.g. from a link). */
function presetOf(config: SyntheticConfig): 'quick' | 'large' | 'custom' {
  const same = (p: SyntheticConfig) =>
    config.imageSize === p.imageSize &&
    config.channels === p.channels &&
    config.nIdentities === p.nIdentities &&
    config.imagesPerIdentity === p.imagesPerIdentity;
  return same(QUICK_PRESET) ? 'quick' : same(LARGE_PRESET) ? 'large' : 'custom';
}

/** Step 1: the synthetic dataset's settings and bias knobs, generation, and the stored dataset in use. */
export function DatasetSection({
  config,
  onConfig,
  datasets,
  shown,
  missing,
  onSelect,
  onRename,
  job,
  onGenerate,
  onGenerateAndTrain,
  disabled,
}: Props) {
  const minority = config.skin[1];
  const majority = config.skin[0];
  const setMinority = (patch: Partial<typeof minority>) =>
    onConfig({ ...config, skin: config.skin.map((g, i) => (i === 1 ? { ...g, ...patch } : g)) });
  const setMinorityShare = (share: number) =>
    onConfig({
      ...config,
      skin: config.skin.map((g, i) => ({
        ...g,
        proportion: i === 1 ? share : (1 - share) / (config.skin.length - 1),
      })),
    });
  const preset = presetOf(config);
  const imported = shown !== null && shown.source.kind !== 'synthetic';
  return (
    <div className="card">
      <h2>1 · Data</h2>
      {imported && (
        <p className="notice" data-testid="imported-note">
          Training on the stored dataset “{shown.name}”. The synthetic settings below do not apply to it;
          change one to switch back to synthetic faces.
        </p>
      )}
      <div className="row">
        <label>
          Size
          <select
            value={preset}
            onChange={(e) =>
              onConfig({ ...(e.target.value === 'large' ? LARGE_PRESET : QUICK_PRESET), seed: config.seed })
            }
            data-testid="dataset-preset"
          >
            <option value="quick">
              Quick: {syntheticImageCount(QUICK_PRESET).toLocaleString('en-US')} images,{' '}
              {QUICK_PRESET.imageSize} px grey
            </option>
            <option value="large">
              Larger: {syntheticImageCount(LARGE_PRESET).toLocaleString('en-US')} images,{' '}
              {LARGE_PRESET.imageSize} px RGB
            </option>
            {preset === 'custom' && (
              <option value="custom" disabled>
                Custom: {syntheticImageCount(config).toLocaleString('en-US')} images, {config.imageSize} px{' '}
                {config.channels === 1 ? 'grey' : 'RGB'}
              </option>
            )}
          </select>
        </label>
        <label title="Identification is scored on the evaluation split: with a stratified split its identities were seen in training (closed set); identity-disjoint keeps them unseen (open set, FR-NAS's protocol).">
          Split
          <select
            value={config.split ?? 'stratified'}
            onChange={(e) =>
              onConfig({
                ...config,
                split: e.target.value === 'stratified' ? undefined : 'identity-disjoint',
              })
            }
            data-testid="dataset-split"
          >
            <option value="stratified">stratified (identities in every split)</option>
            <option value="identity-disjoint">identity-disjoint (unseen identities)</option>
          </select>
        </label>
        <label>
          Seed
          <input
            type="number"
            value={config.seed}
            onChange={(e) => onConfig({ ...config, seed: Number(e.target.value) || 0 })}
            data-testid="dataset-seed"
          />
        </label>
      </div>
      {minority && majority && (
        <fieldset className="knobs">
          <legend>Bias knobs: how the data treats the “{minority.name}” group</legend>
          <Knob
            label={`Share of images ${Math.round(minority.proportion * 100)}%`}
            help={`How many faces are “${minority.name}”. Fewer examples: the model learns this group less well.`}
            range={[0.05, 0.5, 0.05]}
            value={minority.proportion}
            onChange={setMinorityShare}
            testId="knob-share"
          />
          <Knob
            label={`Label noise ${Math.round(minority.labelNoise * 100)}%`}
            help={`Share of “${minority.name}” faces labelled with a wrong expression (the true one is kept as expression_clean).`}
            range={[0, 0.5, 0.05]}
            value={minority.labelNoise}
            onChange={(labelNoise) => setMinority({ labelNoise })}
            testId="knob-label-noise"
          />
          <Knob
            label={`Camera blur ${minority.quality.blurPx.toFixed(1)} px`}
            help={`Blur on “${minority.name}” faces, as from a worse camera: details that tell expressions apart fade.`}
            range={[0, 2, 0.1]}
            value={minority.quality.blurPx}
            onChange={(blurPx) => setMinority({ quality: { ...minority.quality, blurPx } })}
            testId="knob-blur"
          />
          <Knob
            label={`Camera noise ${minority.quality.noiseSigma.toFixed(2)}`}
            help={`Grain added to “${minority.name}” faces (standard deviation, pixels span 0–1).`}
            range={[0, 0.3, 0.01]}
            value={minority.quality.noiseSigma}
            onChange={(noiseSigma) => setMinority({ quality: { ...minority.quality, noiseSigma } })}
            testId="knob-noise"
          />
          <Knob
            label={`Group↔expression correlation ${config.correlation.toFixed(2)}`}
            help={`How often “${majority.name}” faces show “${config.favouredExpression}”: a shortcut the model can learn instead of the face.`}
            range={[0, 1, 0.05]}
            value={config.correlation}
            onChange={(correlation) => onConfig({ ...config, correlation })}
            testId="knob-correlation"
          />
          <div className="knob-actions">
            <button type="button" onClick={() => onConfig(neutralConfig(config))} data-testid="neutral-knobs">
              Neutral knobs
            </button>
            <small className="muted">Equal shares, clean labels, the same camera, no shortcut.</small>
          </div>
        </fieldset>
      )}
      <div className="row">
        <button
          type="button"
          className={shown && !imported ? '' : 'primary'}
          onClick={onGenerate}
          disabled={disabled || (shown !== null && !imported)}
          data-testid="generate"
          title={shown && !imported ? 'These settings are generated already' : undefined}
        >
          Generate dataset
        </button>
        <JobProgress state={job.state} onCancel={job.cancel} label="generate" />
      </div>
      {missing && datasets && job.state.status !== 'running' && (
        <div className="notice row" data-testid="dataset-missing">
          <span>{missing}</span>
          {!missing.startsWith('This link names') && (
            <button
              type="button"
              className="primary"
              onClick={onGenerateAndTrain}
              disabled={disabled}
              data-testid="generate-and-train"
            >
              Generate it and train
            </button>
          )}
        </div>
      )}
      <div className="row">
        <label>
          Dataset Train uses
          <select
            value={shown?.id ?? ''}
            onChange={(e) => {
              const manifest = datasets?.find((d) => d.id === e.target.value);
              if (manifest) onSelect(manifest);
            }}
            data-testid="dataset-select"
            disabled={!datasets?.length}
          >
            {!shown && (
              <option value="">{datasets?.length ? 'none: choose a stored one' : 'none yet'}</option>
            )}
            {datasets?.map((d) => (
              <option key={d.id} value={d.id}>
                {optionLabel(d)}
              </option>
            ))}
          </select>
        </label>
        {shown && (
          <label>
            Name
            <NameField
              key={shown.name}
              value={shown.name}
              label="dataset name"
              onRename={(name) => onRename(shown.id, name)}
              testId="dataset-name"
            />
          </label>
        )}
        <span className="muted" data-testid="dataset-count">
          {datasets ? `${datasets.length} stored` : 'loading…'}
        </span>
      </div>
    </div>
  );
}

/** One bias knob: a labelled slider over [min, max] in steps, with a line on what it does. */
function Knob({
  label,
  help,
  range: [min, max, step],
  value,
  onChange,
  testId,
}: {
  label: string;
  help: string;
  range: [number, number, number];
  value: number;
  onChange(value: number): void;
  testId: string;
}) {
  return (
    <label className="knob">
      {label}
      <input
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        onChange={(e) => onChange(Number(e.target.value))}
        data-testid={testId}
      />
      <small className="help">{help}</small>
    </label>
  );
}
