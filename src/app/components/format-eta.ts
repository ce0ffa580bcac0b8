/**
 * "12 s left", "1 min 05 s left", "2 h 03 min left": the seconds are rounded up once, before they
 * are split, so a remainder never reads "60 s".
 */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return 'estimating…';
  const total = Math.ceil(seconds);
  if (total < 60) return `${total} s left`;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (total < 3600) return `${Math.floor(total / 60)} min ${pad(total % 60)} s left`;
  const minutes = Math.ceil(total / 60);
  return `${Math.floor(minutes / 60)} h ${pad(minutes % 60)} min left`;
}
