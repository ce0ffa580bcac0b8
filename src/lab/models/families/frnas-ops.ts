/**
 * FR-NAS's nine ops (`OP_LIST` in dooleys/FR-NAS `src/search/dpn107.py`), by index. Every op maps
 * (in channels, out channels, groups, stride) to a convolution with "same" padding and no bias:
 * - 0–2 `BnActConv2d`: BN → ReLU → Conv;
 * - 3–5 `create_conv2d`: Conv alone;
 * - 6–8 `ActConv2dBn` (despite its name): Conv → BN → ReLU.
 * Kernels 3, 1, 5 within each triple. BN is timm's BatchNormAct2d: epsilon 0.001, then ReLU.
 * No tfjs here: the UI labels its edge selects from this table.
 */
import type { FrnasOpIndex } from '../config';

export type FrnasOpOrder = 'bn-relu-conv' | 'conv' | 'conv-bn-relu';

export interface FrnasOp {
  index: FrnasOpIndex;
  order: FrnasOpOrder;
  kernel: 1 | 3 | 5;
  /** e.g. "BN→ReLU→Conv 3×3". */
  label: string;
}

const ORDERS: FrnasOpOrder[] = ['bn-relu-conv', 'conv', 'conv-bn-relu'];
const KERNELS = [3, 1, 5] as const;
const ORDER_LABEL: Record<FrnasOpOrder, string> = {
  'bn-relu-conv': 'BN→ReLU→Conv',
  conv: 'Conv',
  'conv-bn-relu': 'Conv→BN→ReLU',
};

export const FRNAS_OPS: readonly FrnasOp[] = ORDERS.flatMap((order, o) =>
  KERNELS.map((kernel, k) => ({
    index: (o * 3 + k) as FrnasOpIndex,
    order,
    kernel,
    label: `${ORDER_LABEL[order]} ${kernel}×${kernel}`,
  })),
);

/** The three edges of every dual-path block, in FR-NAS's names. */
export const FRNAS_EDGES = [
  { name: 'edge1', module: '1x1_a', role: 'in → r channels' },
  { name: 'edge2', module: '3x3_b', role: 'r → r, grouped, carries the stride' },
  { name: 'edge3', module: '1x1_c', role: 'r → bw + inc channels' },
] as const;

/**
 * Parses FR-NAS's edge notation: "680" is edge 1 = op 6, edge 2 = op 8, edge 3 = op 0.
 * Throws a one-line error for anything that is not three digits 0–8.
 */
export function parseEdges(edges: string): [FrnasOpIndex, FrnasOpIndex, FrnasOpIndex] {
  if (!/^[0-8]{3}$/.test(edges)) {
    throw new Error(`edges must be three digits 0–8, one op index per edge, e.g. "680" (got "${edges}")`);
  }
  return [...edges].map(Number) as [FrnasOpIndex, FrnasOpIndex, FrnasOpIndex];
}

export function frnasOp(index: number): FrnasOp {
  const op = FRNAS_OPS[index];
  if (!op || !Number.isInteger(index)) throw new Error(`Unknown FR-NAS op index ${index} (known: 0–8)`);
  return op;
}
