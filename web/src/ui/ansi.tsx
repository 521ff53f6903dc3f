// ANSI colour codes (SGR) in task output, as ansible and most tools print them, become spans with
// classes (styles.css): bold and the 16 foreground and background colours. Other escape sequences
// are dropped. Only the lines on screen are parsed (LogView), so a long log costs nothing here.
import type { ReactNode } from 'react';

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC.
const ESCAPE = /\u001b\[([0-9;]*)([A-Za-z])|\u001b[^[]/g;

interface Style {
  bold: boolean;
  fg: number | undefined;
  bg: number | undefined;
}

function apply(style: Style, params: string): Style {
  const next = { ...style };
  const codes = params === '' ? [0] : params.split(';').map(Number);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === 0) Object.assign(next, { bold: false, fg: undefined, bg: undefined });
    else if (c === 1) next.bold = true;
    else if (c === 22) next.bold = false;
    else if ((c >= 30 && c <= 37) || (c >= 90 && c <= 97)) next.fg = c;
    else if (c === 39) next.fg = undefined;
    else if ((c >= 40 && c <= 47) || (c >= 100 && c <= 107)) next.bg = c;
    else if (c === 49) next.bg = undefined;
    else if (c === 38 || c === 48) i += codes[i + 1] === 5 ? 2 : codes[i + 1] === 2 ? 4 : 1; // 256/true colour: skipped
  }
  return next;
}

function className(style: Style): string | undefined {
  const names = [style.bold && 'ansi-bold', style.fg && `ansi-${style.fg}`, style.bg && `ansi-${style.bg}`];
  return names.filter(Boolean).join(' ') || undefined;
}

/** The text of `line` without escape sequences. */
export function stripAnsi(line: string): string {
  return line.replace(ESCAPE, '');
}

/** `line` as React nodes, coloured as its escape sequences say. */
export function renderAnsi(line: string): ReactNode {
  if (!line.includes('\u001b')) return line;
  const parts: ReactNode[] = [];
  let style: Style = { bold: false, fg: undefined, bg: undefined };
  let last = 0;
  for (const m of line.matchAll(ESCAPE)) {
    if (m.index > last)
      parts.push(
        <span key={parts.length} className={className(style)}>
          {line.slice(last, m.index)}
        </span>,
      );
    if (m[2] === 'm') style = apply(style, m[1]);
    last = m.index + m[0].length;
  }
  if (last < line.length)
    parts.push(
      <span key={parts.length} className={className(style)}>
        {line.slice(last)}
      </span>,
    );
  return parts;
}
