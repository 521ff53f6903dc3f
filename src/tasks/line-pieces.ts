// Turns the text a task prints into stored rows of at most MAX_PIECE_UNITS UTF-16 code units,
// with known secret values masked even where one straddles two pieces of a long line. Each row
// but the last of a line is marked `continued`; joining a run of continued rows and the row
// after them gives the line back exactly.
import { MAX_PIECE_UNITS, pieceEnd } from '../domain/output-pieces.ts';

export const MASK = '**********';

/** Receives each row to store: at most `maxPiece` units; `continued` when the line goes on. */
export type PieceSink = (text: string, continued: boolean) => void;

interface OpenLine {
  source: number;
  /** Unmasked text that may hold the start of a secret whose end has not arrived yet. */
  raw: string;
  /** Masked text of the line not handed on yet (less than a piece). */
  masked: string;
}

export class LinePieces {
  private masks: string[] = [];
  private open: OpenLine | undefined;

  constructor(
    private readonly emit: PieceSink,
    private readonly maxPiece = MAX_PIECE_UNITS,
  ) {}

  /** Values never stored or streamed; each occurrence becomes `**********`. */
  maskSecrets(values: Iterable<string>): void {
    for (const v of values) if (v && v.length >= 3 && !this.masks.includes(v)) this.masks.push(v);
    this.masks.sort((a, b) => b.length - a.length);
  }

  /**
   * A line, or a piece of one when `continued` (more of it follows from the same `source`, e.g.
   * the process's stdout). A line from another source ends an open line where it stands: the
   * rows of a line are always consecutive, so readers join them without knowing sources.
   */
  write(text: string, continued = false, source = 0): void {
    if (this.open && this.open.source !== source) this.finish();
    const line = (this.open ??= { source, raw: '', masked: '' });
    const raw = line.raw + text;
    const cut = continued ? this.safeCut(raw) : raw.length;
    line.raw = raw.slice(cut);
    line.masked += this.mask(cut === raw.length ? raw : raw.slice(0, cut));
    this.handOn(line, continued);
    if (!continued) this.open = undefined;
  }

  /** Ends an open line with what it holds (the process ended in the middle of a line). */
  finish(): void {
    const line = this.open;
    if (!line) return;
    line.masked += this.mask(line.raw);
    line.raw = '';
    this.handOn(line, false);
    this.open = undefined;
  }

  get lineOpen(): boolean {
    return this.open !== undefined;
  }

  private mask(text: string): string {
    let out = text;
    for (const secret of this.masks) if (out.includes(secret)) out = out.split(secret).join(MASK);
    return out;
  }

  /**
   * How much of `raw` can be masked now: everything but a tail that could still be the start of
   * a secret, and never through the middle of a secret that is all there.
   */
  private safeCut(raw: string): number {
    if (this.masks.length === 0) return raw.length;
    let cut = Math.max(0, raw.length - (this.masks[0].length - 1));
    for (let moved = true; moved && cut > 0; ) {
      moved = false;
      for (const secret of this.masks) {
        const at = raw.indexOf(secret, Math.max(0, cut - secret.length + 1));
        if (at >= 0 && at < cut) {
          cut = at;
          moved = true;
        }
      }
    }
    return cut;
  }

  /** Hands on whole pieces; the last, shorter one too when the line ends. */
  private handOn(line: OpenLine, continued: boolean): void {
    const text = line.masked;
    let from = 0;
    while (text.length - from > this.maxPiece || (!continued && from < text.length)) {
      const end = pieceEnd(text, from, this.maxPiece);
      const last = !continued && end >= text.length;
      this.emit(text.slice(from, end), !last);
      from = end;
    }
    if (!continued && text.length === 0) this.emit('', false);
    line.masked = from === 0 ? text : text.slice(from);
  }
}
