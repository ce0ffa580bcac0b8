/**
 * A generic family of plain conv nets: depth 2–6 conv blocks, the width of the first (doubled
 * every two blocks), kernel 3 or 5, normalisation, activation, residual connections on or off,
 * and the optimiser with its learning rate.
 */
import type { SearchSpace } from '../space';

export const convFamilySpace: SearchSpace = {
  name: 'conv',
  description: 'conv family: depth 2–6, width, kernel 3|5, norm, activation, residual, optimiser, lr',
  define(trial) {
    trial.suggestInt('depth', 2, 6);
    trial.suggestCategorical('width', [8, 16, 32, 64]);
    trial.suggestCategorical('kernel', [3, 5]);
    trial.suggestCategorical('norm', ['batch', 'layer', 'none']);
    trial.suggestCategorical('activation', ['relu', 'gelu', 'silu', 'prelu']);
    trial.suggestCategorical('residual', ['on', 'off']);
    trial.suggestCategorical('optimizer', ['Adam', 'AdamW', 'SGD']);
    trial.suggestFloat('lr', 1e-4, 1e-1, { log: true });
  },
};

/** A default conv net (the reference CNN's shape: 3 blocks of 3×3 conv, batch norm, ReLU). */
export const DEFAULT_CONV_BASELINE = {
  label: 'default conv net',
  space: 'conv',
  params: {
    depth: 3,
    width: 16,
    kernel: 3,
    norm: 'batch',
    activation: 'relu',
    residual: 'off',
    optimizer: 'Adam',
    lr: 0.003,
  },
};
