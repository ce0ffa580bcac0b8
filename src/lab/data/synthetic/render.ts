/**
 * Renders one synthetic image: face shapes into a float buffer, then the camera
 * (lighting, occlusion, per-group quality), then uint8 HWC. Image i draws its variation
 * from its own seeded stream, so any image can be rendered alone and comes out byte-identical.
 */
import { createRng, deriveSeed } from '../../util/rng';
import { sampleAppearance } from './appearance';
import { applyLighting, applyOcclusion, applyQuality, gaussianKernel, quantise } from './camera';
import { FaceCanvas } from './canvas';
import { EXPRESSIONS, type SyntheticConfig } from './config';
import { drawFace } from './face';
import type { Identity } from './identities';

export class SyntheticRenderer {
  private readonly canvas: FaceCanvas;
  private readonly scratch: Float32Array;
  /** Blur kernel per skin group (null = sharp). */
  private readonly kernels: (Float32Array | null)[];

  constructor(private readonly config: SyntheticConfig) {
    this.canvas = new FaceCanvas(config.imageSize, config.channels);
    this.scratch = new Float32Array(this.canvas.pixels.length);
    this.kernels = config.skin.map((g) => (g.quality.blurPx > 0 ? gaussianKernel(g.quality.blurPx) : null));
  }

  /** Writes image `imageIndex` of `identity` showing `expression` (an EXPRESSIONS index) into `out` at `offset`. */
  render(identity: Identity, expression: number, imageIndex: number, out: Uint8Array, offset: number): void {
    const { config, canvas } = this;
    const { imageSize: size, channels } = config;
    const rng = createRng(deriveSeed(config.seed, `image:${imageIndex}`));
    const look = sampleAppearance(config.variation, rng);
    canvas.setPose(look.pose);
    canvas.clear(look.background);
    drawFace(canvas, identity.face, EXPRESSIONS[expression], look.expressionIntensity);
    applyLighting(canvas.pixels, size, channels, look.lightAngle, look.lightStrength);
    if (look.occlusion) applyOcclusion(canvas.pixels, size, channels, look.occlusion);
    const group = config.skin[identity.skin];
    applyQuality(
      canvas.pixels,
      this.scratch,
      size,
      channels,
      group.quality,
      this.kernels[identity.skin],
      config.variation.pixelNoise,
      rng,
    );
    quantise(canvas.pixels, out, offset);
  }
}
