import type { ModelConfig } from '../models/config';
import type { TrainConfig } from '../train/config';
import { mitigationText } from '../mitigation/spec';

/** A run's defining settings as flat parameters (what a search would have suggested). */
export function runParams(model: ModelConfig, train: TrainConfig): Record<string, string | number | boolean> {
  return {
    family: model.family?.name ?? model.name,
    ...(model.family?.params ?? {}),
    head: model.head?.kind ?? 'softmax',
    optimizer: train.optimizer.name,
    lr: train.optimizer.learningRate,
    schedule: train.schedule?.kind ?? 'constant',
    batch: train.batchSize,
    epochs: train.epochs,
    ...(train.mitigation && train.mitigation.method !== 'none'
      ? { method: mitigationText(train.mitigation) }
      : {}),
  };
}
