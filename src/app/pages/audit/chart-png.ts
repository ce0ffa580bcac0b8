/**
 * A PNG of a recharts chart: the SVG serialised, drawn on a canvas (white background, a title
 * band, twice the screen resolution) and encoded. Recharts draws plain SVG with inline
 * attributes, so the picture matches the screen without copying stylesheets.
 */
const SCALE = 2;
const TITLE_BAND = 28;
const FONT = 'system-ui, -apple-system, "Segoe UI", sans-serif';

export async function chartPng(container: HTMLElement, title: string): Promise<Uint8Array> {
  const svg =
    container.querySelector<SVGSVGElement>('[data-testid="group-metrics-chart"] svg.recharts-surface') ??
    container.querySelector<SVGSVGElement>('svg');
  if (!svg) throw new Error('There is no chart to save.');
  const { width, height } = svg.getBoundingClientRect();
  if (width === 0 || height === 0) throw new Error('The chart is not visible.');
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('style', `font-family: ${FONT}; font-size: 12px;`);
  const markup = new XMLSerializer().serializeToString(clone);
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('The browser could not draw the chart.'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * SCALE);
    canvas.height = Math.round((height + TITLE_BAND) * SCALE);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('No 2D canvas in this browser.');
    ctx.scale(SCALE, SCALE);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height + TITLE_BAND);
    ctx.fillStyle = '#1a202c';
    ctx.font = `600 13px ${FONT}`;
    ctx.textBaseline = 'middle';
    ctx.fillText(title, 8, TITLE_BAND / 2, width - 16);
    ctx.drawImage(image, 0, TITLE_BAND, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('The browser could not encode the PNG.');
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}
