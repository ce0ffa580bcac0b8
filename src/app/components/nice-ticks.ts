/**
 * Evenly spaced "nice" tick values (steps of 1, 2 or 5 × 10ⁿ) covering [min, max], and a label
 * format with enough decimals for the step, so every label is the value its gridline stands at.
 */
export function niceTicks(
  min: number,
  max: number,
  count = 5,
): { ticks: number[]; format: (v: number) => string } {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return { ticks: [], format: String };
  if (max === min) max = min + (min === 0 ? 1 : Math.abs(min) * 0.1);
  const raw = (max - min) / Math.max(1, count - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let v = first; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toFixed(12)));
  if (ticks.at(-1)! < max) ticks.push(Number((ticks.at(-1)! + step).toFixed(12)));
  const decimals = Math.max(
    0,
    -Math.floor(Math.log10(step) + 1e-9) + (String(step / power).includes('.') ? 1 : 0),
  );
  return { ticks, format: (v: number) => v.toFixed(decimals) };
}
