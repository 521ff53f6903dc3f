// The lines of one task's log in the browser: the stored ones read page by page from
// GET …/tasks/{id}/output, and the live ones from /api/ws, joined without losing or doubling a
// line. Live lines that arrive while the stored ones load are held back; when loading is done the
// held lines that the last stored page already had (the same text and time at the end of the
// stored lines) are skipped. Pieces of a long line (`continued`) are joined into one line.
export interface RawLine {
  output: string;
  time: string;
  continued?: boolean;
}

export class LogBuffer {
  readonly lines: string[] = [];
  private readonly times: string[] = [];
  private open = false; // the last line goes on in the next piece
  private held: RawLine[] | undefined = [];

  /** Adds stored lines (in order). */
  addStored(rows: readonly RawLine[]): void {
    for (const row of rows) this.push(row);
  }

  /** Adds a live line; held back until `storedDone`. */
  addLive(row: RawLine): void {
    if (this.held) this.held.push(row);
    else this.push(row);
  }

  /** All stored lines are in (`stored`, every row in order): the held live lines follow, the ones already stored skipped. */
  storedDone(stored: readonly RawLine[]): void {
    const held = this.held ?? [];
    this.held = undefined;
    const same = (a: RawLine, b: RawLine) => a.output === b.output && a.time === b.time;
    let overlap = 0;
    const last = stored[stored.length - 1];
    // The longest start of `held` that is also the end of `stored`: candidates end where the last stored row is.
    for (let k = Math.min(held.length, stored.length) - 1; last && k >= 0; k--) {
      if (!same(held[k], last)) continue;
      let i = 0;
      while (i <= k && same(held[k - i], stored[stored.length - 1 - i])) i++;
      if (i > k) {
        overlap = k + 1;
        break;
      }
    }
    for (const row of held.slice(overlap)) this.push(row);
  }

  get loading(): boolean {
    return this.held !== undefined;
  }

  private push(row: RawLine): void {
    if (this.open) {
      this.lines[this.lines.length - 1] += row.output;
    } else {
      this.lines.push(row.output);
      this.times.push(row.time);
    }
    this.open = row.continued === true;
  }
}
