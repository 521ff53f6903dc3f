// The log's tools: search (the next or previous line holding the text, ANSI colours ignored, the
// view scrolled to it) and the download of the whole log as plain text, made in the browser from
// the lines it has (the API's output as the page received it, colour codes included).
import { type FormEvent, useState } from 'react';

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences begin with ESC.
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
export const plainText = (line: string) => line.replace(ANSI, '');

interface Props {
  taskId: number;
  lines: () => readonly string[];
  /** Shows line `index` (0-based) as the hit, or none. */
  onHit: (index: number | null) => void;
  hit: number | null;
}

export function LogTools({ taskId, lines, onHit, hit }: Props) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState('');

  const find = (backwards: boolean, text = query) => {
    const all = lines();
    const needle = text.toLowerCase();
    if (!needle) {
      onHit(null);
      setFound('');
      return;
    }
    const n = all.length;
    const from = hit ?? (backwards ? n : -1);
    for (let step = 1; step <= n; step++) {
      const i = (((backwards ? from - step : from + step) % n) + n) % n;
      if (plainText(all[i]).toLowerCase().includes(needle)) {
        onHit(i);
        let count = 0;
        for (const line of all) if (plainText(line).toLowerCase().includes(needle)) count++;
        setFound(`Line ${(i + 1).toLocaleString()} (${count.toLocaleString()} ${count === 1 ? 'match' : 'matches'})`);
        return;
      }
    }
    onHit(null);
    setFound('No match');
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // The text as the form holds it now, not as the last render saw it.
    find(false, String(new FormData(event.currentTarget).get('q') ?? ''));
  };

  const download = () => {
    const text = lines().join('\n');
    const url = URL.createObjectURL(new Blob([text, '\n'], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `task-${taskId}.log`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <div className="log-tools">
      <search className="log-search">
        <form onSubmit={submit}>
          <input
            type="search"
            name="q"
            aria-label="Search the log"
            placeholder="Search the log"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setFound('');
            }}
          />
          <button type="button" onClick={() => find(true)} aria-label="Previous match">
            ↑
          </button>
          <button type="submit" aria-label="Next match">
            ↓
          </button>
          <span className="muted" aria-live="polite">
            {found}
          </span>
        </form>
      </search>
      <span className="spacer" />
      <button type="button" onClick={download}>
        Download
      </button>
    </div>
  );
}
