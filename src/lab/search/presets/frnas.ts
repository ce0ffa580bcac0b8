/**
 * FR-NAS's search space (Dooley et al., NeurIPS 2023; `src/search/search.py` of dooleys/FR-NAS):
 * the op on each of the three edges of the DPN block ("0"…"8", strings as FR-NAS names them,
 * see ../shared/notes/frnas-dpn.md), the face head, the optimiser, and a learning rate that is
 * `lr_adam` for Adam/AdamW and `lr_sgd` for SGD (conditional parameters).
 */
import type { ParamValue } from '../distributions';
import type { SearchSpace } from '../space';

export const FRNAS_EDGE_CHOICES = ['0', '1', '2', '3', '4', '5', '6', '7', '8'] as const;
export const FRNAS_HEADS = ['CosFace', 'ArcFace', 'MagFace'] as const;
export const FRNAS_OPTIMIZERS = ['Adam', 'AdamW', 'SGD'] as const;

export const frnasSpace: SearchSpace = {
  name: 'frnas',
  description: 'FR-NAS: DPN edge ops 0–8 ×3, head, optimiser, lr_adam ∈ [1e-5, 1e-2] or lr_sgd ∈ [0.09, 0.8]',
  define(trial) {
    trial.suggestCategorical('edge1', FRNAS_EDGE_CHOICES);
    trial.suggestCategorical('edge2', FRNAS_EDGE_CHOICES);
    trial.suggestCategorical('edge3', FRNAS_EDGE_CHOICES);
    trial.suggestCategorical('head', FRNAS_HEADS);
    const optimizer = trial.suggestCategorical('optimizer', FRNAS_OPTIMIZERS);
    if (optimizer === 'SGD') trial.suggestFloat('lr_sgd', 0.09, 0.8, { log: true });
    else trial.suggestFloat('lr_adam', 1e-5, 1e-2, { log: true });
  },
};

export interface BaselineConfig {
  label: string;
  space: string;
  params: Record<string, ParamValue>;
}

/** The three architectures FR-NAS found and retrained at 100 epochs. */
export const FRNAS_BASELINES: readonly BaselineConfig[] = [
  {
    label: 'FR-NAS 000 CosFace SGD',
    space: 'frnas',
    params: { edge1: '0', edge2: '0', edge3: '0', head: 'CosFace', optimizer: 'SGD', lr_sgd: 0.281 },
  },
  {
    label: 'FR-NAS 010 CosFace SGD',
    space: 'frnas',
    params: { edge1: '0', edge2: '1', edge3: '0', head: 'CosFace', optimizer: 'SGD', lr_sgd: 0.323 },
  },
  {
    label: 'FR-NAS 680 CosFace Adam',
    space: 'frnas',
    params: { edge1: '6', edge2: '8', edge3: '0', head: 'CosFace', optimizer: 'Adam', lr_adam: 6e-4 },
  },
];
