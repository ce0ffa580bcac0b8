/** Saves bytes or text as a file through a temporary link. */
export function downloadFile(
  name: string,
  content: Uint8Array | string,
  type = 'application/octet-stream',
): void {
  const part = typeof content === 'string' ? content : new Uint8Array(content);
  const url = URL.createObjectURL(new Blob([part as BlobPart], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
