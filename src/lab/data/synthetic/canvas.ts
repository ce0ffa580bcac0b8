/**
 * A tiny float raster that fills signed-distance shapes with analytic anti-aliasing.
 * Shapes are given in face coordinates (origin at the face centre, v pointing down,
 * ±1 spanning the image when upright); a pose maps them onto the image.
 */

export type Rgb = readonly [number, number, number];

/** Where the face sits in the image: image point = shift + scale · rotate(angle) · face point. */
export interface Pose {
  shiftX: number;
  shiftY: number;
  /** Radians, clockwise on screen. */
  angle: number;
  scale: number;
}

export const UPRIGHT: Pose = { shiftX: 0, shiftY: 0, angle: 0, scale: 1 };

/** Bounding box in face coordinates: [uMin, vMin, uMax, vMax]. */
export type Box = readonly [number, number, number, number];

export type Sdf = (u: number, v: number) => number;

export function luminance([r, g, b]: Rgb): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

export class FaceCanvas {
  /** HWC, intensities nominally in 0–1. */
  readonly pixels: Float32Array;
  private readonly faceU: Float32Array;
  private readonly faceV: Float32Array;
  private pose: Pose = UPRIGHT;
  /** Width of one pixel in face units: the anti-aliasing ramp. */
  private pixelWidth = 0;

  constructor(
    readonly size: number,
    readonly channels: 1 | 3,
  ) {
    this.pixels = new Float32Array(size * size * channels);
    this.faceU = new Float32Array(size * size);
    this.faceV = new Float32Array(size * size);
    this.setPose(UPRIGHT);
  }

  /** Precomputes the face coordinates of every pixel centre. */
  setPose(pose: Pose): void {
    this.pose = pose;
    const { size } = this;
    const cos = Math.cos(pose.angle);
    const sin = Math.sin(pose.angle);
    this.pixelWidth = 2 / size / pose.scale;
    for (let y = 0; y < size; y++) {
      const iy = ((y + 0.5) / size) * 2 - 1 - pose.shiftY;
      for (let x = 0; x < size; x++) {
        const ix = ((x + 0.5) / size) * 2 - 1 - pose.shiftX;
        const i = y * size + x;
        this.faceU[i] = (cos * ix + sin * iy) / pose.scale;
        this.faceV[i] = (-sin * ix + cos * iy) / pose.scale;
      }
    }
  }

  clear(colour: Rgb): void {
    if (this.channels === 1) {
      this.pixels.fill(luminance(colour));
      return;
    }
    for (let i = 0; i < this.pixels.length; i += 3) {
      this.pixels[i] = colour[0];
      this.pixels[i + 1] = colour[1];
      this.pixels[i + 2] = colour[2];
    }
  }

  /** Blends `colour` into the pixels covered by the shape (sdf ≤ 0) inside `box`. */
  fill(box: Box, sdf: Sdf, colour: Rgb, opacity = 1): void {
    const [x0, y0, x1, y1] = this.pixelRange(box);
    const { size, channels, pixels, faceU, faceV } = this;
    const ramp = 1 / this.pixelWidth;
    const grey = luminance(colour);
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const i = y * size + x;
        const coverage = 0.5 - sdf(faceU[i], faceV[i]) * ramp;
        if (coverage <= 0) continue;
        const alpha = (coverage >= 1 ? 1 : coverage) * opacity;
        if (channels === 1) {
          pixels[i] += (grey - pixels[i]) * alpha;
        } else {
          const j = i * 3;
          pixels[j] += (colour[0] - pixels[j]) * alpha;
          pixels[j + 1] += (colour[1] - pixels[j + 1]) * alpha;
          pixels[j + 2] += (colour[2] - pixels[j + 2]) * alpha;
        }
      }
    }
  }

  /** The pixel rectangle (inclusive, clamped) that covers a face-space box under the pose. */
  private pixelRange([u0, v0, u1, v1]: Box): [number, number, number, number] {
    const { size, pose } = this;
    const cos = Math.cos(pose.angle);
    const sin = Math.sin(pose.angle);
    let xMin = Infinity;
    let xMax = -Infinity;
    let yMin = Infinity;
    let yMax = -Infinity;
    for (const [u, v] of [
      [u0, v0],
      [u1, v0],
      [u0, v1],
      [u1, v1],
    ]) {
      const ix = pose.shiftX + pose.scale * (cos * u - sin * v);
      const iy = pose.shiftY + pose.scale * (sin * u + cos * v);
      const px = ((ix + 1) / 2) * size - 0.5;
      const py = ((iy + 1) / 2) * size - 0.5;
      xMin = Math.min(xMin, px);
      xMax = Math.max(xMax, px);
      yMin = Math.min(yMin, py);
      yMax = Math.max(yMax, py);
    }
    const clamp = (p: number) => Math.max(0, Math.min(size - 1, p));
    return [
      clamp(Math.floor(xMin) - 1),
      clamp(Math.floor(yMin) - 1),
      clamp(Math.ceil(xMax) + 1),
      clamp(Math.ceil(yMax) + 1),
    ];
  }
}
