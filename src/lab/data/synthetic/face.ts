/**
 * Draws one face with analytic shapes: shoulders, hair, face, wrinkles, eyes, brows, nose
 * and mouth. Expressions are made big enough to read at 24 px:
 * neutral = flat closed mouth; happy = wide open smile with teeth, slightly raised brows;
 * sad = strong frown, inner brow ends raised; surprised = tall open "O" mouth, high brows, wide eyes.
 */
import type { FaceCanvas, Rgb } from './canvas';
import type { Expression } from './config';
import type { FaceShape } from './identities';
import { parabolaPoints, sdCapsule, sdEllipse, sdPolyline } from './sdf';

const SCLERA: Rgb = [0.96, 0.96, 0.94];
const MOUTH_INSIDE: Rgb = [0.13, 0.03, 0.04];
const TEETH: Rgb = [0.97, 0.96, 0.92];

function shade(c: Rgb, k: number): Rgb {
  return [c[0] * k, c[1] * k, c[2] * k];
}

const LIP_SHADOW: Rgb = [0.2, 0.03, 0.04];

/** Dark enough to stand out on every skin tone. */
function lipColour(skin: Rgb): Rgb {
  const t = 0.85;
  return [
    skin[0] + (LIP_SHADOW[0] - skin[0]) * t,
    skin[1] + (LIP_SHADOW[1] - skin[1]) * t,
    skin[2] + (LIP_SHADOW[2] - skin[2]) * t,
  ];
}

export function drawFace(
  canvas: FaceCanvas,
  face: FaceShape,
  expression: Expression,
  intensity: number,
): void {
  drawBody(canvas, face);
  drawHairBehind(canvas, face);
  const { faceWidth: fw, faceHeight: fh, faceCentreY: cy } = face;
  canvas.fill([-fw, cy - fh, fw, cy + fh], (u, v) => sdEllipse(u, v - cy, fw, fh), face.skinTone);
  drawHairFront(canvas, face);
  drawWrinkles(canvas, face);
  drawEyes(canvas, face, expression);
  drawBrows(canvas, face, expression, intensity);
  drawNose(canvas, face);
  drawMouth(canvas, face, expression, intensity);
}

function drawBody(canvas: FaceCanvas, face: FaceShape): void {
  const neckTop = face.faceCentreY + face.faceHeight * 0.5;
  const neckHalf = face.faceWidth * 0.45;
  canvas.fill(
    [-neckHalf, neckTop, neckHalf, 1.6],
    (u, v) => Math.max(Math.abs(u) - neckHalf, neckTop - v),
    shade(face.skinTone, 0.82),
  );
  canvas.fill([-1.2, 0.8, 1.2, 1.8], (u, v) => sdEllipse(u, v - 1.38, 1.05, 0.5), face.clothingColour);
  const earY = face.eyeY + 0.08;
  for (const side of [-1, 1]) {
    const ex = side * face.faceWidth * 0.97;
    canvas.fill(
      [ex - 0.1, earY - 0.14, ex + 0.1, earY + 0.14],
      (u, v) => sdEllipse(u - ex, v - earY, 0.08, 0.13),
      shade(face.skinTone, 0.9),
    );
  }
}

function drawHairBehind(canvas: FaceCanvas, face: FaceShape): void {
  const { faceWidth: fw, faceHeight: fh, faceCentreY: cy, hairVolume: vol, hairColour } = face;
  if (face.hairStyle === 'long') {
    const rx = fw + 0.1 + 0.08 * vol;
    const ry = fh + 0.1;
    const bottom = cy + fh * (0.6 + 0.3 * vol);
    canvas.fill(
      [-rx, cy - ry, rx, bottom],
      (u, v) => Math.max(sdEllipse(u, v - cy, rx, ry), v - bottom),
      hairColour,
    );
  } else if (face.hairStyle === 'curly') {
    const rx = fw + 0.1 + 0.1 * vol;
    const ry = fh * 0.75 + 0.1 * vol;
    const hy = cy - fh * 0.3;
    const bumps = 0.035;
    canvas.fill(
      [-rx - bumps, hy - ry - bumps, rx + bumps, hy + ry + bumps],
      (u, v) => sdEllipse(u, v - hy, rx, ry) - bumps * Math.cos(11 * Math.atan2(v - hy, u)),
      hairColour,
    );
  } else {
    const rx = fw + 0.04 + 0.04 * vol;
    const ry = fh * 0.8 + 0.04 * vol;
    const hy = cy - fh * 0.2;
    canvas.fill([-rx, hy - ry, rx, hy + ry], (u, v) => sdEllipse(u, v - hy, rx, ry), hairColour);
  }
}

/** The part of the hair that covers the forehead, ending at a curved hairline. */
function drawHairFront(canvas: FaceCanvas, face: FaceShape): void {
  const { faceWidth: fw, faceHeight: fh, faceCentreY: cy, hairColour } = face;
  const hairline = face.hairStyle === 'curly' ? face.hairlineY - 0.06 : face.hairlineY;
  const rx = fw + 0.02;
  const ry = fh + 0.02;
  const curve = face.hairStyle === 'short' ? 0.25 : 0.45;
  canvas.fill(
    [-rx, cy - ry, rx, hairline + curve],
    (u, v) => Math.max(sdEllipse(u, v - cy, rx, ry), v - hairline - curve * (u / rx) * (u / rx)),
    hairColour,
  );
}

/** Forehead lines and smile lines, as strong as the identity's age. */
function drawWrinkles(canvas: FaceCanvas, face: FaceShape): void {
  if (face.wrinkles < 0.05) return;
  const line = shade(face.skinTone, 0.62);
  const opacity = Math.min(1, face.wrinkles);
  for (const dy of [0.2, 0.27]) {
    const y = face.eyeY - face.browGap - dy;
    if (y < face.hairlineY + 0.04) continue;
    const points = parabolaPoints(0, y, face.faceWidth * 0.45, -0.025);
    canvas.fill([-0.35, y - 0.08, 0.35, y + 0.04], (u, v) => sdPolyline(u, v, points, 0.014), line, opacity);
  }
  const noseBottom = face.eyeY + 0.08 + face.noseLength;
  for (const side of [-1, 1]) {
    const ax = side * (face.noseWidth + 0.05);
    const bx = side * (face.mouthWidth + 0.05);
    const by = face.mouthY + 0.04;
    canvas.fill(
      [Math.min(ax, bx) - 0.04, noseBottom - 0.04, Math.max(ax, bx) + 0.04, by + 0.04],
      (u, v) => sdCapsule(u, v, ax, noseBottom, bx, by, 0.014),
      line,
      opacity,
    );
  }
}

function drawEyes(canvas: FaceCanvas, face: FaceShape, expression: Expression): void {
  const openness =
    expression === 'surprised' ? 1.45 : expression === 'happy' ? 0.75 : expression === 'sad' ? 0.85 : 1;
  const ew = face.eyeWidth;
  const eh = face.eyeHeight * openness;
  const y = face.eyeY;
  const irisR = Math.min(face.eyeHeight * 0.95, ew * 0.6);
  for (const side of [-1, 1]) {
    const x = side * face.eyeSpacing;
    const box = [x - ew, y - eh, x + ew, y + eh] as const;
    canvas.fill(box, (u, v) => sdEllipse(u - x, v - y, ew, eh), SCLERA);
    canvas.fill(
      box,
      (u, v) => Math.max(Math.hypot(u - x, v - y) - irisR, sdEllipse(u - x, v - y, ew, eh)),
      face.irisColour,
    );
    canvas.fill(
      box,
      (u, v) => Math.max(Math.hypot(u - x, v - y) - irisR * 0.5, sdEllipse(u - x, v - y, ew, eh)),
      [0.03, 0.03, 0.03],
    );
  }
}

function drawBrows(canvas: FaceCanvas, face: FaceShape, expression: Expression, intensity: number): void {
  // Raise of the inner end, the middle and the outer end (face units, up = positive).
  const [inner, middle, outer] =
    expression === 'surprised'
      ? [0.1, 0.14, 0.09]
      : expression === 'sad'
        ? [0.08, 0.02, -0.04]
        : expression === 'happy'
          ? [0.03, 0.04, 0.03]
          : [0, 0, 0];
  const colour = shade(face.hairColour, 0.85);
  const base = face.eyeY - face.browGap;
  const half = face.browLength / 2;
  const r = face.browThickness;
  for (const side of [-1, 1]) {
    const cx = side * face.eyeSpacing;
    const points = [
      cx - side * half,
      base - inner * intensity,
      cx,
      base - middle * intensity,
      cx + side * half,
      base - outer * intensity,
    ];
    canvas.fill(
      [cx - half - r, base - 0.2, cx + half + r, base + 0.1],
      (u, v) => sdPolyline(u, v, points, r),
      colour,
    );
  }
}

function drawNose(canvas: FaceCanvas, face: FaceShape): void {
  const top = face.eyeY + 0.06;
  const bottom = face.eyeY + 0.08 + face.noseLength;
  const shadow = shade(face.skinTone, 0.8);
  canvas.fill(
    [-0.06, top, 0.08, bottom + 0.03],
    (u, v) => sdCapsule(u, v, 0.0, top, 0.025, bottom, 0.018),
    shadow,
  );
  const w = face.noseWidth;
  canvas.fill(
    [-w, bottom - 0.04, w, bottom + 0.05],
    (u, v) => sdEllipse(u, v - bottom, w, 0.035),
    shade(face.skinTone, 0.7),
  );
}

function drawMouth(canvas: FaceCanvas, face: FaceShape, expression: Expression, intensity: number): void {
  const w = face.mouthWidth;
  const y = face.mouthY;
  const lips = lipColour(face.skinTone);
  const box = [-w - 0.08, y - 0.25, w + 0.08, y + 0.25] as const;
  if (expression === 'neutral') {
    canvas.fill(box, (u, v) => sdCapsule(u, v, -w * 0.85, y, w * 0.85, y, 0.04), lips);
  } else if (expression === 'sad') {
    // Centre up, corners down: an upside-down "U".
    const bend = -0.12 * intensity;
    const points = parabolaPoints(0, y + 0.05, w * 0.9, bend);
    canvas.fill(box, (u, v) => sdPolyline(u, v, points, 0.045), lips);
  } else if (expression === 'happy') {
    // Lower half of an ellipse: a wide open smile, teeth along the top.
    const depth = 0.17 * intensity;
    const top = y - 0.05;
    const smile = (u: number, v: number) => Math.max(sdEllipse(u, v - top, w * 1.05, depth), top - v);
    canvas.fill(box, (u, v) => smile(u, v) - 0.025, lips);
    canvas.fill(box, smile, MOUTH_INSIDE);
    canvas.fill(box, (u, v) => Math.max(smile(u, v), v - top - 0.05), TEETH);
  } else {
    const rx = 0.1 + 0.02 * intensity;
    const ry = 0.13 + 0.05 * intensity;
    const oy = y + 0.02;
    canvas.fill(box, (u, v) => sdEllipse(u, v - oy, rx + 0.03, ry + 0.03), lips);
    canvas.fill(box, (u, v) => sdEllipse(u, v - oy, rx, ry), MOUTH_INSIDE);
  }
}
