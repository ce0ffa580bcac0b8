/**
 * Why a JPEG is cut short, or undefined when it is whole. A truncated JPEG still decodes, partly:
 * jpeg-js (tolerant) and the browser's own decoder fill the missing rows with grey, so the file
 * must be checked before either sees it. The import skips such a file with this reason rather than
 * storing it with a warning: the grey rows are not part of the face, so a model would be trained
 * or audited on filler, and the report names the file so it can be fetched again. Whole means an end-of-image marker (FF D9) after the
 * first start-of-scan (FF DA); an EXIF thumbnail's own EOI comes before that scan and does not
 * count, and inside the scan data FF is always followed by 00 or a restart marker, never D9.
 */
export function jpegTruncation(bytes: Uint8Array): string | undefined {
  const scan = firstScan(bytes);
  if (scan < 0) return 'corrupt or truncated JPEG (no image data after its header)';
  for (let i = bytes.length - 2; i > scan; i--) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return undefined;
  }
  return 'truncated JPEG (no end-of-image marker: only part of it would decode)';
}

/** Offset of the first SOS marker, walking the marker segments from SOI; -1 if there is none. */
function firstScan(bytes: Uint8Array): number {
  for (let at = 2; at + 4 <= bytes.length;) {
    if (bytes[at] !== 0xff) return -1;
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xda) return at;
    if (marker === 0xd9) return -1;
    // Standalone markers (TEM, RSTn) have no length field.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    at += 2 + ((bytes[at + 2] << 8) | bytes[at + 3]);
  }
  return -1;
}
