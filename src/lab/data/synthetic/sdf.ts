/**
 * Signed distance functions of the analytic shapes faces are drawn with:
 * negative inside, positive outside, in face units. The canvas turns them into
 * anti-aliased coverage.
 */

/** Axis-aligned ellipse centred at the origin (a close approximation near the edge). */
export function sdEllipse(x: number, y: number, rx: number, ry: number): number {
  const nx = x / rx;
  const ny = y / ry;
  const k0 = Math.sqrt(nx * nx + ny * ny);
  const gx = x / (rx * rx);
  const gy = y / (ry * ry);
  const k1 = Math.sqrt(gx * gx + gy * gy);
  return k1 === 0 ? -Math.min(rx, ry) : (k0 * (k0 - 1)) / k1;
}

/** Line segment a→b thickened to radius r (a stroke with round caps). */
export function sdCapsule(
  x: number,
  y: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  r: number,
): number {
  const px = x - ax;
  const py = y - ay;
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSq = dx * dx + dy * dy;
  const t = lengthSq === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / lengthSq));
  const ex = px - dx * t;
  const ey = py - dy * t;
  return Math.sqrt(ex * ex + ey * ey) - r;
}

/** A stroke of radius r along the polyline through points [x0, y0, x1, y1, ...]. */
export function sdPolyline(x: number, y: number, points: readonly number[], r: number): number {
  let best = Infinity;
  for (let i = 0; i + 3 < points.length; i += 2) {
    const d = sdCapsule(x, y, points[i], points[i + 1], points[i + 2], points[i + 3], r);
    if (d < best) best = d;
  }
  return best;
}

/** Samples y = cy + bend·(1 − (x/halfWidth)²) at `segments` + 1 points: a symmetric arc. */
export function parabolaPoints(
  cx: number,
  cy: number,
  halfWidth: number,
  bend: number,
  segments = 6,
): number[] {
  const points: number[] = [];
  for (let i = 0; i <= segments; i++) {
    const t = (i / segments) * 2 - 1;
    points.push(cx + t * halfWidth, cy + bend * (1 - t * t));
  }
  return points;
}
