// A response body as the buffers it arrived in, read as one run of bytes without joining them.
// Joined, a list page of 100 assistants (~0.8 MB) was a second copy of its bytes, made as its last
// piece arrived, while the pieces themselves lived on until the young generation's next collection:
// at that moment a plan of 100 definitions held the page twice, which was its peak memory.

/** The bytes of `pieces` in order, each offset counted from the first byte of the first piece. */
export class BodyPieces {
  /** The pieces, empty ones left out. */
  readonly pieces: readonly Buffer[];
  /** Where each piece starts; one more entry, the length, at the end. */
  private readonly starts: number[];
  readonly length: number;
  /** The piece the last look-up found (most reads go forward through one piece). */
  private last = 0;

  constructor(pieces: readonly Buffer[]) {
    this.pieces = pieces.filter((p) => p.length > 0);
    this.starts = [0];
    for (const p of this.pieces) this.starts.push(this.starts.at(-1)! + p.length);
    this.length = this.starts.at(-1)!;
  }

  /** The index of the piece holding byte `at` (0 ≤ at < length). */
  pieceAt(at: number): number {
    const { starts } = this;
    if (at >= starts[this.last]! && at < starts[this.last + 1]!) return this.last;
    let lo = 0;
    let hi = this.pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return (this.last = lo);
  }

  /** Where piece `k` starts. */
  startOf(k: number): number {
    return this.starts[k]!;
  }

  /** The byte at `at`; undefined outside the body. */
  byteAt(at: number): number | undefined {
    if (at < 0 || at >= this.length) return undefined;
    const k = this.pieceAt(at);
    return this.pieces[k]![at - this.starts[k]!];
  }

  /** The offset of the first `byte` at or after `from`, or -1. */
  indexOf(byte: number, from: number): number {
    if (from >= this.length) return -1;
    for (let k = this.pieceAt(Math.max(0, from)); k < this.pieces.length; k++) {
      const start = this.starts[k]!;
      const found = this.pieces[k]!.indexOf(byte, Math.max(0, from - start));
      if (found >= 0) return start + found;
    }
    return -1;
  }

  /** The bytes from `from` to `to` (exclusive): a view of one piece where they lie in one, a copy otherwise. */
  bytes(from = 0, to = this.length): Buffer {
    from = Math.max(0, from);
    to = Math.min(this.length, to);
    if (from >= to) return Buffer.alloc(0);
    const first = this.pieceAt(from);
    if (first === this.pieceAt(to - 1)) return this.pieces[first]!.subarray(from - this.starts[first]!, to - this.starts[first]!);
    const out = Buffer.allocUnsafe(to - from);
    this.copy(out, 0, from, to);
    return out;
  }

  /** Copies the bytes from `from` to `to` (exclusive; 0 ≤ from ≤ to ≤ length) into `target` at `at`, which must have room. */
  copy(target: Buffer, at: number, from: number, to: number): void {
    for (let k = from < to ? this.pieceAt(from) : this.pieces.length; k < this.pieces.length && this.starts[k]! < to; k++) {
      const start = this.starts[k]!;
      at += this.pieces[k]!.copy(target, at, Math.max(0, from - start), Math.min(this.pieces[k]!.length, to - start));
    }
  }

  /** The bytes from `from` to `to` decoded as UTF-8, as Buffer's toString decodes them (a bad sequence → U+FFFD). */
  text(from = 0, to = this.length): string {
    return this.bytes(from, to).toString('utf8');
  }
}
