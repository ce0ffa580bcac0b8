import { DEFAULT_HEADS, HEAD_KINDS, isMarginHead, type HeadKind } from '../../../lab/models/heads/spec';
import { FRNAS_LR_RANGES, OPTIMIZER_NAMES, type OptimizerName } from '../../../lab/train/optimizer-spec';
import { DEFAULT_SCHEDULES, SCHEDULE_KINDS } from '../../../lab/train/schedule';
import type { ExperimentState } from '../../url-state';
import { NumberField } from './ArchitectureFields';

interface Props {
  experiment: ExperimentState;
  onExperiment(update: (e: ExperimentState) => ExperimentState): void;
}

const HEAD_LABELS: Record<HeadKind, string> = {
  softmax: 'softmax (cross-entropy)',
  cosface: 'CosFace (s 64, m 0.35)',
  arcface: 'ArcFace (s 64, m 0.5)',
  magface: 'MagFace (s 64, m 0.45–0.8 over ‖x‖ 10–110)',
};

/** Head, optimiser, learning rate and its schedule, augmentation, budget. */
export function OptimizationFields({ experiment, onExperiment }: Props) {
  const train = experiment.train;
  const identification = train.task === 'identification';
  const setTrain = (patch: Partial<typeof train>) =>
    onExperiment((e) => ({ ...e, train: { ...e.train, ...patch } }));
  const range =
    train.optimizer.name in FRNAS_LR_RANGES ? FRNAS_LR_RANGES[train.optimizer.name as 'sgd'] : null;
  return (
    <>
      <div className="row">
        <label>
          Head
          <select
            value={experiment.head}
            onChange={(e) => onExperiment((x) => ({ ...x, head: e.target.value as HeadKind }))}
            data-testid="head"
          >
            {HEAD_KINDS.map((kind) => (
              <option key={kind} value={kind} disabled={!identification && isMarginHead(DEFAULT_HEADS[kind])}>
                {HEAD_LABELS[kind]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Optimiser
          <select
            value={train.optimizer.name}
            onChange={(e) =>
              setTrain({ optimizer: { ...train.optimizer, name: e.target.value as OptimizerName } })
            }
            data-testid="optimizer"
          >
            {OPTIMIZER_NAMES.map((name) => (
              <option key={name} value={name}>
                {name === 'sgd'
                  ? 'SGD (momentum 0.9, wd 5e-4)'
                  : name === 'adamw'
                    ? 'AdamW (wd 0.01)'
                    : 'Adam'}
              </option>
            ))}
          </select>
        </label>
        <label title={range ? `FR-NAS searched ${range[0]}–${range[1]} (log scale)` : undefined}>
          Learning rate
          <input
            type="number"
            step="any"
            min={0}
            value={train.optimizer.learningRate}
            onChange={(e) => {
              const lr = Number(e.target.value);
              if (lr > 0) setTrain({ optimizer: { ...train.optimizer, learningRate: lr } });
            }}
            data-testid="learning-rate"
          />
        </label>
        <label>
          Schedule
          <select
            value={train.schedule?.kind ?? 'constant'}
            onChange={(e) => setTrain({ schedule: DEFAULT_SCHEDULES[e.target.value as 'constant'] })}
            data-testid="schedule"
          >
            {SCHEDULE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kind === 'cosine'
                  ? 'cosine, 1 warm-up epoch'
                  : kind === 'step'
                    ? 'step (×0.5 every 2 epochs)'
                    : 'constant'}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={train.augment?.flip === true}
            onChange={(e) => setTrain({ augment: { ...train.augment, flip: e.target.checked } })}
            data-testid="augment-flip"
          />
          flip
        </label>
        <NumberField
          label="Crop pad (px)"
          value={train.augment?.crop ?? 0}
          step={1}
          min={0}
          onChange={(crop) =>
            setTrain({ augment: { ...train.augment, crop: Math.max(0, Math.round(crop)) } })
          }
        />
      </div>
      <div className="row">
        <NumberField
          label="Epochs"
          value={train.epochs}
          step={1}
          min={1}
          onChange={(n) => setTrain({ epochs: Math.max(1, Math.round(n)) })}
          testId="epochs"
        />
        <NumberField
          label="Batch"
          value={train.batchSize}
          step={1}
          min={1}
          onChange={(n) => setTrain({ batchSize: Math.max(1, Math.round(n)) })}
        />
        <label>
          Max steps
          <input
            type="number"
            min={1}
            placeholder="all"
            value={train.maxSteps ?? ''}
            onChange={(e) =>
              setTrain({ maxSteps: e.target.value ? Math.max(1, Number(e.target.value)) : undefined })
            }
            data-testid="max-steps"
          />
        </label>
      </div>
    </>
  );
}
