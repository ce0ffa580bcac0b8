/** A decoded raster: uint8, row-major HWC. */
export interface DecodedImage {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Uint8Array;
}

/** Decodes encoded image bytes; `name` is only used in error messages. */
export interface ImageDecoder {
  readonly name: string;
  decode(bytes: Uint8Array, name: string): Promise<DecodedImage>;
}

/** A file that is not a supported image, or is corrupt or truncated. */
export class DecodeError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'DecodeError';
  }
}

export function isDecodeError(error: unknown): error is DecodeError {
  return error instanceof Error && error.name === 'DecodeError';
}
