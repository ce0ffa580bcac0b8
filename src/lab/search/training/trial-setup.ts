/**
 * A trial's parameters → what it trains: the architecture (with its head) and the training
 * settings. One mapping per search space (presets/), in the space's own names: FR-NAS writes
 * edges as "0"…"8", heads as CosFace / ArcFace / MagFace and optimisers as Adam / AdamW / SGD.
 */
import type { ParamValue } from '../distributions';
import type { ArchitectureSpec } from '../../models/families';
import { DEFAULT_HEADS, type HeadSpec } from '../../models/heads/spec';
import type { OptimizerName } from '../../train/optimizer-spec';
import type { TrainConfig } from '../../train/config';
import type { MitigationSpec } from '../../mitigation/spec';

export interface TrialSetup {
  architecture: ArchitectureSpec;
  head: HeadSpec;
  /** What the trial changes in the study's training settings. */
  train: Partial<TrainConfig>;
}

const OPTIMIZERS: Record<string, OptimizerName> = { Adam: 'adam', AdamW: 'adamw', SGD: 'sgd' };
const HEADS: Record<string, keyof typeof DEFAULT_HEADS> = {
  CosFace: 'cosface',
  ArcFace: 'arcface',
  MagFace: 'magface',
};

function optimizerOf(params: Record<string, ParamValue>, lr: number): TrainConfig['optimizer'] {
  const name = OPTIMIZERS[String(params.optimizer)];
  if (!name) throw new Error(`unknown optimizer "${String(params.optimizer)}" (known: Adam, AdamW, SGD)`);
  return { name, learningRate: lr };
}

/** FR-NAS trains every head with focal loss (its `FocalLoss`, whose γ defaults to 2) on the margin logits. */
export const FRNAS_FOCAL_GAMMA = 2;

/**
 * `identification` trials train a margin head (FR-NAS's space names it, with FR-NAS's focal loss;
 * the other spaces use CosFace, FR-NAS's found head); classification trials use softmax. A
 * baseline's mitigation method is passed through.
 */
export function trialSetup(
  space: string,
  params: Record<string, ParamValue>,
  task: 'classification' | 'identification',
  options: { frnasWidth?: number; mitigation?: MitigationSpec } = {},
): TrialSetup {
  const margin = (name: ParamValue | undefined): HeadSpec =>
    task === 'identification'
      ? { ...DEFAULT_HEADS[HEADS[String(name ?? 'CosFace')] ?? 'cosface'] }
      : { kind: 'softmax' };
  const mitigation = options.mitigation ? { mitigation: options.mitigation } : {};
  if (space === 'frnas') {
    const lr = Number(params.optimizer === 'SGD' ? params.lr_sgd : params.lr_adam);
    if (!HEADS[String(params.head)])
      throw new Error(`unknown head "${String(params.head)}" (known: CosFace, ArcFace, MagFace)`);
    return {
      architecture: {
        family: 'frnas-dpn',
        params: {
          edges: `${params.edge1}${params.edge2}${params.edge3}`,
          ...(options.frnasWidth ? { width: options.frnasWidth } : {}),
        },
      },
      head:
        task === 'identification'
          ? { ...margin(params.head), focal: FRNAS_FOCAL_GAMMA }
          : margin(params.head),
      train: { optimizer: optimizerOf(params, lr), ...mitigation },
    };
  }
  if (space === 'expression-cnn') {
    return {
      architecture: {
        family: 'expression-cnn',
        params: { width: Number(params.width) / 32, dropout: Number(params.dropout) },
      },
      head: margin(undefined),
      train: {
        optimizer: optimizerOf(params, Number(params.lr)),
        batchSize: Number(params.batch),
        ...mitigation,
      },
    };
  }
  if (space === 'conv') {
    return {
      architecture: {
        family: 'conv',
        params: {
          depth: Number(params.depth),
          width: Number(params.width),
          kernel: Number(params.kernel),
          norm: String(params.norm) as 'batch',
          activation: String(params.activation) as 'relu',
          residual: params.residual === 'on',
        },
      },
      head: margin(undefined),
      train: { optimizer: optimizerOf(params, Number(params.lr)), ...mitigation },
    };
  }
  throw new Error(`unknown search space "${space}" (known: frnas, expression-cnn, conv)`);
}
