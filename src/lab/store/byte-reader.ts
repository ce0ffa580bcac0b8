/** Reads exact byte counts from a stream of chunks (a File's stream, a Node read stream, one array). */
export class ByteReader {
  private readonly chunks: AsyncIterator<Uint8Array> | Iterator<Uint8Array>;
  private buffered: Uint8Array[] = [];
  private bufferedLength = 0;
  private ended = false;

  constructor(source: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>) {
    const iterable = source instanceof Uint8Array ? [source] : source;
    this.chunks =
      Symbol.asyncIterator in iterable
        ? (iterable as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]()
        : (iterable as Iterable<Uint8Array>)[Symbol.iterator]();
  }

  /** Exactly `length` bytes, or null when the stream ends first (nothing is consumed then). */
  async read(length: number): Promise<Uint8Array | null> {
    if (!(await this.fill(length))) return null;
    const first = this.buffered[0];
    // Fast path: the bytes lie inside the first chunk, so no copy.
    if (first.length >= length) {
      this.buffered[0] = first.subarray(length);
      if (this.buffered[0].length === 0) this.buffered.shift();
      this.bufferedLength -= length;
      return first.subarray(0, length);
    }
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const chunk = this.buffered[0];
      const take = Math.min(chunk.length, length - filled);
      out.set(chunk.subarray(0, take), filled);
      filled += take;
      if (take === chunk.length) this.buffered.shift();
      else this.buffered[0] = chunk.subarray(take);
    }
    this.bufferedLength -= length;
    return out;
  }

  /** True when no bytes are left. */
  async atEnd(): Promise<boolean> {
    return !(await this.fill(1));
  }

  /** Buffers at least `length` bytes; false when the stream ends first. */
  private async fill(length: number): Promise<boolean> {
    while (this.bufferedLength < length && !this.ended) {
      const next = await this.chunks.next();
      if (next.done) this.ended = true;
      else if (next.value.length > 0) {
        this.buffered.push(next.value);
        this.bufferedLength += next.value.length;
      }
    }
    return this.bufferedLength >= length;
  }
}
