import { pureDecoder } from './decode-image';
import { detectImageFormat } from './detect-format';
import { jpegTruncation } from './jpeg-complete';
import { DecodeError, type DecodedImage, type ImageDecoder } from './types';

type BitmapLike = { width: number; height: number; close(): void };
type Context2dLike = {
  drawImage(image: BitmapLike, x: number, y: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
};
type NativeApis = {
  createImageBitmap: (blob: Blob) => Promise<BitmapLike>;
  OffscreenCanvas: new (
    w: number,
    h: number,
  ) => { getContext(kind: '2d', options?: object): Context2dLike | null };
};

/** The browser's own codecs when this global scope has them (Worker or window), else null. */
function nativeApis(): NativeApis | null {
  const scope = globalThis as unknown as Partial<NativeApis>;
  if (typeof scope.createImageBitmap !== 'function' || typeof scope.OffscreenCanvas !== 'function')
    return null;
  if (typeof Blob !== 'function') return null;
  return scope as NativeApis;
}

/**
 * Decodes JPEG and PNG with createImageBitmap + OffscreenCanvas (fast, native), returning RGBA.
 * Falls back to the pure-JS decoder for PGM/PPM, when the APIs are missing, or when the browser
 * rejects a file (the pure decoder then gives the precise DecodeError reason).
 */
export function createBrowserDecoder(fallback: ImageDecoder = pureDecoder): ImageDecoder {
  const apis = nativeApis();
  if (!apis) return fallback;
  return {
    name: 'browser-native',
    async decode(bytes: Uint8Array, name: string): Promise<DecodedImage> {
      const format = detectImageFormat(bytes);
      if (format !== 'jpeg' && format !== 'png') return fallback.decode(bytes, name);
      // The native decoder fills a truncated JPEG with grey instead of failing.
      const truncated = format === 'jpeg' ? jpegTruncation(bytes) : undefined;
      if (truncated) throw new DecodeError(name, truncated);
      try {
        return await decodeNative(apis, bytes);
      } catch {
        return fallback.decode(bytes, name);
      }
    },
  };
}

async function decodeNative(apis: NativeApis, bytes: Uint8Array): Promise<DecodedImage> {
  const bitmap = await apis.createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  try {
    const { width, height } = bitmap;
    const context = new apis.OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2d context');
    context.drawImage(bitmap, 0, 0);
    const rgba = context.getImageData(0, 0, width, height).data;
    return { width, height, channels: 4, data: new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.length) };
  } finally {
    bitmap.close();
  }
}
