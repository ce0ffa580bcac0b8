import { detectImageFormat } from './detect-format';
import { decodeJpeg } from './jpeg';
import { decodePng } from './png';
import { decodePnm } from './pnm';
import { DecodeError, type DecodedImage, type ImageDecoder } from './types';

/** Decodes JPEG, PNG or PGM/PPM bytes, detecting the format by magic bytes. Pure JS. */
export function decodeImage(bytes: Uint8Array, name: string): DecodedImage {
  if (bytes.length === 0) throw new DecodeError(name, 'empty file');
  const format = detectImageFormat(bytes);
  if (format === 'jpeg') return decodeJpeg(bytes, name);
  if (format === 'png') return decodePng(bytes, name);
  if (format === 'pnm') return decodePnm(bytes, name);
  throw new DecodeError(name, 'not a JPEG, PNG or PGM/PPM image');
}

/** The pure-JS decoder behind the pluggable ImageDecoder interface (Node, Worker, tests). */
export const pureDecoder: ImageDecoder = {
  name: 'pure-js',
  decode: async (bytes, name) => decodeImage(bytes, name),
};
