/**
 * The network FR-NAS searched: `DPN(edges, num_init_features=128, k_r=200, groups=50,
 * k_sec=(1,1,1,1), inc_sec=(20,64,64,128))` (dooleys/FR-NAS `src/search/smac_dpn_trainer.py`),
 * with its widths scaled by `width` so a candidate trains in a tab.
 *
 *   stem: Conv 7×7/2 (3×3 with smallStem) → BN → ReLU → MaxPool 3×3/2
 *   conv2…conv5: one dual-path block each (stride 1, 2, 2, 2), the edges' ops shared by all four
 *   then BN → ELU over the concatenated paths (timm's CatBnAct with fc_act_layer=ELU),
 *   global average pooling, and the embedding (FR-NAS's 1×1 conv "classifier", here a dense layer).
 *
 * Stage widths at width 1 (bw, r = k_r·bw/256, inc): (256, 200, 20), (512, 400, 64),
 * (1024, 800, 64), (2048, 1600, 128); each is multiplied by `width` and rounded, and `groups`
 * defaults to round(50 · width). At widths that are multiples of 0.02 the groups divide every r,
 * as in FR-NAS (4, 8, 16, 32 channels per group); any other choice must still divide every r.
 * FR-NAS's embedding is 1000-wide (timm's default num_classes); the lab's default is 128.
 */
import type { LayerSpec, ModelConfig } from '../config';
import { parseEdges } from './frnas-ops';

export interface FrnasDpnParams {
  /** FR-NAS's edge notation, e.g. "680". */
  edges: string;
  width: number;
  /** Groups of edge 2; default round(50 · width). */
  groups?: number;
  embedding: number;
  /** FR-NAS's `small` stem: a 3×3 conv instead of 7×7. */
  smallStem: boolean;
}

export const DEFAULT_FRNAS_DPN: FrnasDpnParams = {
  edges: '000',
  width: 0.08,
  embedding: 128,
  smallStem: false,
};

const STAGES = [
  { bw: 256, r: 200, inc: 20, stride: 1 },
  { bw: 512, r: 400, inc: 64, stride: 2 },
  { bw: 1024, r: 800, inc: 64, stride: 2 },
  { bw: 2048, r: 1600, inc: 128, stride: 2 },
] as const;

export function frnasWidths(width: number, groups?: number) {
  if (!(width > 0) || width > 1) throw new Error(`width must be in (0, 1] (got ${width})`);
  const scaled = (n: number) => Math.max(1, Math.round(n * width));
  const g = groups ?? scaled(50);
  if (!Number.isInteger(g) || g < 1) throw new Error(`groups must be a positive integer (got ${groups})`);
  const stages = STAGES.map((s) => ({
    bw: scaled(s.bw),
    r: scaled(s.r),
    inc: scaled(s.inc),
    stride: s.stride,
  }));
  stages.forEach((s, i) => {
    if (s.r % g !== 0) {
      throw new Error(
        `groups ${g} do not divide the width of stage conv${i + 2} (r = ${s.r} at width ${width}): ` +
          `use a width that is a multiple of 0.02, or groups that divide ${stages.map((t) => t.r).join(', ')}`,
      );
    }
  });
  return { init: scaled(128), groups: g, stages };
}

export function frnasDpn(
  params: FrnasDpnParams,
  input: ModelConfig['input'],
  numClasses: number,
): ModelConfig {
  const ops = parseEdges(params.edges);
  const { init, groups, stages } = frnasWidths(params.width, params.groups);
  const eps = 1e-3;
  const layers: LayerSpec[] = [
    { type: 'conv2d', filters: init, kernel: params.smallStem ? 3 : 7, stride: 2, useBias: false },
    { type: 'batchNorm', epsilon: eps },
    { type: 'relu' },
    { type: 'maxPool', size: 3, stride: 2, padding: 'same' },
    ...stages.map((s): LayerSpec => ({
      type: 'dualPathBlock',
      ops,
      r: s.r,
      bw: s.bw,
      inc: s.inc,
      groups,
      stride: s.stride as 1 | 2,
      epsilon: eps,
    })),
    { type: 'batchNorm', epsilon: eps },
    { type: 'activation', fn: 'elu' },
    { type: 'globalAvgPool' },
  ];
  return {
    name: `frnas-dpn-${params.edges}`,
    input,
    numClasses,
    layers,
    embedding: params.embedding,
    family: { name: 'frnas-dpn', params: { ...params } as Record<string, string | number | boolean> },
  };
}
