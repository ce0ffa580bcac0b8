export { DecodeError, isDecodeError, type DecodedImage, type ImageDecoder } from './types';
export { detectImageFormat, type ImageFormat } from './detect-format';
export { decodeImage, pureDecoder } from './decode-image';
export { createBrowserDecoder } from './browser-decoder';
