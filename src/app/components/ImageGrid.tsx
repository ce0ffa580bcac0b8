import { useEffect, useRef } from 'react';

/** Draws uint8 HWC images (gray or RGB) onto small canvases. */
export function ImageGrid({
  images,
  size,
  channels,
  scale = 2,
}: {
  images: { pixels: Uint8Array; labels: Record<string, string> }[];
  size: number;
  channels: 1 | 3;
  scale?: number;
}) {
  return (
    <div className="image-grid">
      {images.map((image, i) => (
        <ImageCanvas
          key={i}
          pixels={image.pixels}
          size={size}
          channels={channels}
          scale={scale}
          title={Object.entries(image.labels)
            .map(([k, v]) => `${k}: ${v}`)
            .join('\n')}
        />
      ))}
    </div>
  );
}

function ImageCanvas({
  pixels,
  size,
  channels,
  scale,
  title,
}: {
  pixels: Uint8Array;
  size: number;
  channels: 1 | 3;
  scale: number;
  title: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const context = canvas?.getContext('2d');
    if (!context) return;
    const rgba = new ImageData(size, size);
    for (let p = 0; p < size * size; p++) {
      for (let c = 0; c < 3; c++) rgba.data[p * 4 + c] = pixels[p * channels + (channels === 3 ? c : 0)];
      rgba.data[p * 4 + 3] = 255;
    }
    context.putImageData(rgba, 0, 0);
  }, [pixels, size, channels]);
  return (
    <canvas
      ref={ref}
      width={size}
      height={size}
      style={{ width: size * scale, height: size * scale }}
      title={title}
    />
  );
}
