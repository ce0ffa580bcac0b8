/**
 * The heads a backbone's embedding can train under, as plain JSON (no tfjs: the UI imports it).
 * Defaults are each head's own paper's (see DEFAULT_HEADS); FR-NAS's code differs for MagFace.
 */

export type HeadKind = 'softmax' | 'cosface' | 'arcface' | 'magface';

export type HeadSpec =
  | { kind: 'softmax'; focal?: number }
  | {
      kind: 'cosface';
      s?: number;
      m?: number;
      /** Per-group margins (FR-NAS's "Angular" mitigation): margin of group code g is groupMargins[g]. */
      groupMargins?: number[];
      focal?: number;
    }
  | { kind: 'arcface'; s?: number; m?: number; focal?: number }
  | {
      kind: 'magface';
      s?: number;
      /** Feature-norm range [l_a, u_a] over which the margin grows from l_m to u_m. */
      la?: number;
      ua?: number;
      lm?: number;
      um?: number;
      /** Weight of the norm regulariser g(a) = a/u_a² + 1/a. */
      lambdaG?: number;
      focal?: number;
    };

/**
 * - CosFace (Wang et al. 2018): s = 64, m = 0.35.
 * - ArcFace (Deng et al. 2019): s = 64, m = 0.5.
 * - MagFace (Meng et al. 2021): s = 64, l_a = 10, u_a = 110, l_m = 0.45, u_m = 0.8, λ_g = 35
 *   (FR-NAS's copy uses s = 32 and λ = 20).
 * `focal` is the focal-loss γ (Lin et al. 2017; FR-NAS trains every head with γ = 2); absent: plain cross-entropy.
 */
export const DEFAULT_HEADS = {
  softmax: { kind: 'softmax' },
  cosface: { kind: 'cosface', s: 64, m: 0.35 },
  arcface: { kind: 'arcface', s: 64, m: 0.5 },
  magface: { kind: 'magface', s: 64, la: 10, ua: 110, lm: 0.45, um: 0.8, lambdaG: 35 },
} as const satisfies Record<HeadKind, HeadSpec>;

export const HEAD_KINDS = Object.keys(DEFAULT_HEADS) as HeadKind[];

/** Margin heads train class weights on the normalised embedding; the exported model is the backbone. */
export function isMarginHead(head: HeadSpec | undefined): boolean {
  return head !== undefined && head.kind !== 'softmax';
}

/** The head with every default filled in. */
export function resolveHead<H extends HeadSpec>(head: H): Required<Omit<H, 'groupMargins' | 'focal'>> & H {
  return { ...DEFAULT_HEADS[head.kind], ...head } as Required<Omit<H, 'groupMargins' | 'focal'>> & H;
}
