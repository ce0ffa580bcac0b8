import type { DatasetManifest } from '../../../lab/data/types';
import {
  LARGE_PRESET,
  QUICK_PRESET,
  neutralConfig,
  syntheticImageCount,
  type SyntheticConfig,
} from '../../../lab/data/synthetic/config';
import { JobProgress } from '../../components/JobProgress';
import type { useJob } from '../../hooks/useJob';

interface Props {
  config: SyntheticConfig;
  onConfig(config: SyntheticConfig): void;
  datasets: DatasetManifest[] | null;
  datasetId: string | null;
  onSelect(id: string): void;
  job: ReturnType<typeof useJob<DatasetManifest>>;
  onGenerate(): void;
  disabled: boolean;
}

/** Step 1: generate the biased synthetic face dataset (or pick one already stored). */
export function DatasetSection({
  config,
  onConfig,
  datasets,
  datasetId,
  onSelect,
  job,
  onGenerate,
  disabled,
}: Props) {
  const minority = config.skin[1];
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
  const isLarge = config.imageSize === LARGE_PRESET.imageSize && config.channels === LARGE_PRESET.channels;
  return (
    <div className="card">
      <h2>1 · Data</h2>
      <div className="row">
        <label>
          Size
          <select
            value={isLarge ? 'large' : 'quick'}
            onChange={(e) =>
              onConfig({ ...(e.target.value === 'large' ? LARGE_PRESET : QUICK_PRESET), seed: config.seed })
            }
            data-testid="dataset-preset"
          >
            <option value="quick">
              Quick: {syntheticImageCount(QUICK_PRESET)} images, {QUICK_PRESET.imageSize} px gray
            </option>
            <option value="large">
              Larger: {syntheticImageCount(LARGE_PRESET)} images, {LARGE_PRESET.imageSize} px RGB
            </option>
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
      {minority && (
        <fieldset className="knobs">
          <legend>Bias knobs (group “{minority.name}”)</legend>
          <Knob
            label={`Share of images ${Math.round(minority.proportion * 100)}%`}
            range={[0.05, 0.5, 0.05]}
            value={minority.proportion}
            onChange={setMinorityShare}
          />
          <Knob
            label={`Label noise ${Math.round(minority.labelNoise * 100)}%`}
            range={[0, 0.5, 0.05]}
            value={minority.labelNoise}
            onChange={(labelNoise) => setMinority({ labelNoise })}
          />
          <Knob
            label={`Camera blur ${minority.quality.blurPx.toFixed(1)} px`}
            range={[0, 2, 0.1]}
            value={minority.quality.blurPx}
            onChange={(blurPx) => setMinority({ quality: { ...minority.quality, blurPx } })}
          />
          <Knob
            label={`Camera noise ${minority.quality.noiseSigma.toFixed(2)}`}
            range={[0, 0.3, 0.01]}
            value={minority.quality.noiseSigma}
            onChange={(noiseSigma) => setMinority({ quality: { ...minority.quality, noiseSigma } })}
          />
          <Knob
            label={`Group↔expression correlation ${config.correlation.toFixed(2)}`}
            range={[0, 1, 0.05]}
            value={config.correlation}
            onChange={(correlation) => onConfig({ ...config, correlation })}
          />
          <button type="button" onClick={() => onConfig(neutralConfig(config))} data-testid="neutral-knobs">
            Neutral knobs
          </button>
        </fieldset>
      )}
      <div className="row">
        <button
          type="button"
          className="primary"
          onClick={onGenerate}
          disabled={disabled}
          data-testid="generate"
        >
          Generate dataset
        </button>
        <JobProgress state={job.state} onCancel={job.cancel} label="generate" />
      </div>
      <div className="row">
        <label>
          Stored datasets
          <select
            value={datasetId ?? ''}
            onChange={(e) => onSelect(e.target.value)}
            data-testid="dataset-select"
            disabled={!datasets?.length}
          >
            {!datasets?.length && <option value="">none yet</option>}
            {datasets?.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} · {d.nImages} images · {d.image.size} px
              </option>
            ))}
          </select>
        </label>
        <span data-testid="dataset-count">{datasets ? `${datasets.length} stored` : 'loading…'}</span>
      </div>
    </div>
  );
}

/** One bias knob: a labelled slider over [min, max] in steps. */
function Knob({
  label,
  range: [min, max, step],
  value,
  onChange,
}: {
  label: string;
  range: [number, number, number];
  value: number;
  onChange(value: number): void;
}) {
  return (
    <label>
      {label}
      <input
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        onChange={(e) => onChange(Number(e.target.value))}
      />
    </label>
  );
}
