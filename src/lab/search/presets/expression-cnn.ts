/**
 * Hyperparameters of the expression CNN (the lab's classifier of facial expressions): learning
 * rate, batch size, dropout, width (filters of the first conv, doubled per stage) and optimiser.
 * The architecture itself is fixed; the lead's runner maps these onto its training config.
 */
import type { SearchSpace } from '../space';

export const expressionCnnSpace: SearchSpace = {
  name: 'expression-cnn',
  description: 'expression CNN: lr ∈ [1e-4, 3e-2] log, batch, dropout ∈ [0, 0.5], width, optimiser',
  define(trial) {
    trial.suggestFloat('lr', 1e-4, 3e-2, { log: true });
    trial.suggestCategorical('batch', [16, 32, 64, 128]);
    trial.suggestFloat('dropout', 0, 0.5, { step: 0.05 });
    trial.suggestCategorical('width', [8, 16, 32, 64]);
    trial.suggestCategorical('optimizer', ['Adam', 'AdamW', 'SGD']);
  },
};

/** The expression CNN as the lab trains it by default (lr 0.003, Adam), as a baseline trial. */
export const EXPRESSION_CNN_BASELINE = {
  label: 'expression CNN (defaults)',
  space: 'expression-cnn',
  params: { lr: 0.003, batch: 64, dropout: 0, width: 16, optimizer: 'Adam' },
};
