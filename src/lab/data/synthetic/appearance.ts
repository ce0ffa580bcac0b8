/**
 * Per-image variation that every group gets: pose jitter, background, lighting,
 * expression intensity and occasional occlusion. Drawn from the image's own seeded stream.
 */
import type { Rng } from '../../util/rng';
import type { Pose, Rgb } from './canvas';
import type { Variation } from './config';

/** A rectangle in image fractions (0–1) painted over the face. */
export interface Occlusion {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  colour: Rgb;
}

export interface Appearance {
  pose: Pose;
  background: Rgb;
  /** Direction the light comes from, radians. */
  lightAngle: number;
  /** Brightness swing of the light gradient across the image (0 = flat). */
  lightStrength: number;
  /** Scales mouth and brow movement, around 1. */
  expressionIntensity: number;
  occlusion: Occlusion | null;
}

export function sampleAppearance(variation: Variation, rng: Rng): Appearance {
  const jitter = variation.poseJitter;
  const pose: Pose = {
    shiftX: rng.uniform(-0.07, 0.07) * jitter,
    shiftY: rng.uniform(-0.06, 0.06) * jitter,
    angle: rng.uniform(-0.14, 0.14) * jitter,
    scale: 1 + rng.uniform(-0.07, 0.07) * jitter,
  };
  const level = rng.uniform(0.25, 0.8);
  const background: Rgb = [
    level + rng.uniform(-0.1, 0.1),
    level + rng.uniform(-0.1, 0.1),
    level + rng.uniform(-0.1, 0.1),
  ];
  const lightAngle = rng.uniform(0, 2 * Math.PI);
  const lightStrength = rng.uniform(0, variation.lighting);
  const expressionIntensity = rng.uniform(0.8, 1.2);
  const occlusion = rng.next() < variation.occlusionRate ? randomOcclusion(rng) : null;
  return { pose, background, lightAngle, lightStrength, expressionIntensity, occlusion };
}

/** A horizontal bar (like a scarf or sunglasses) or a square patch (like a hand). */
function randomOcclusion(rng: Rng): Occlusion {
  const grey = rng.uniform(0.05, 0.95);
  const colour: Rgb = [grey, grey * rng.uniform(0.8, 1.2), grey * rng.uniform(0.8, 1.2)];
  if (rng.next() < 0.5) {
    const height = rng.uniform(0.1, 0.18);
    const top = rng.uniform(0.1, 0.9 - height);
    return { x0: rng.uniform(0, 0.15), y0: top, x1: rng.uniform(0.85, 1), y1: top + height, colour };
  }
  const side = rng.uniform(0.2, 0.35);
  const left = rng.uniform(0, 1 - side);
  const top = rng.uniform(0, 1 - side);
  return { x0: left, y0: top, x1: left + side, y1: top + side, colour };
}
