// A task's log, virtualised: only the lines on screen are in the page, so 200,000 lines open and
// follow live without freezing. Stored lines load page by page; live lines from /api/ws join them
// (log-buffer.ts) and are drawn at most once per animation frame. When the socket reopens after a
// drop, the log loads again from the start, since lines may have been missed meanwhile. While the view is scrolled to
// the end it follows new lines; scrolling up stops following until it is back at the end.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useReducer, useRef, useState } from 'react';
import { api, unwrap } from '../api/client';
import { useLive } from '../live-context';
import { renderAnsi } from './ansi';
import { LogBuffer, type RawLine } from './log-buffer';
import { LogTools } from './log-tools';

const PAGE = 10_000;
const ROW_HEIGHT = 20; // px, as .log-line in styles.css

export function LogView({ projectId, taskId }: { projectId: number; taskId: number }) {
  const live = useLive();
  const [buffer, setBuffer] = useState(() => new LogBuffer());
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);
  const [hit, setHit] = useState<number | null>(null);
  const follow = useRef(true);
  const scroller = useRef<HTMLDivElement>(null);

  // The socket reopened after a drop: lines may have been missed, so the log loads again.
  useEffect(() => live.onOpen(() => setBuffer(new LogBuffer())), [live]);

  useEffect(() => {
    setLoading(true);
    let frame = 0;
    const later = () => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), redraw()));
    };
    const unfollow = live.followLog(taskId, (line) => {
      buffer.addLive(line);
      if (!buffer.loading) later();
    });
    let cancelled = false;
    (async () => {
      const stored: RawLine[] = [];
      for (let offset = 0; !cancelled; offset += PAGE) {
        const rows = unwrap(
          await api.GET('/api/project/{project_id}/tasks/{task_id}/output', {
            params: { path: { project_id: projectId, task_id: taskId }, query: { offset, limit: PAGE } },
          }),
        );
        buffer.addStored(rows);
        for (const row of rows) stored.push(row);
        later();
        if (rows.length < PAGE) break;
      }
      if (cancelled) return;
      buffer.storedDone(stored);
      setLoading(false);
      later();
    })().catch((err) => !cancelled && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      cancelled = true;
      unfollow();
      cancelAnimationFrame(frame);
    };
  }, [live, buffer, projectId, taskId]);

  const count = buffer.lines.length;
  const rows = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });

  // Following: keep the end in view as lines arrive. Only a scroll up by the user stops it (the
  // content growing under a programmatic scroll must not), and reaching the end again restarts it.
  useEffect(() => {
    const el = scroller.current;
    if (el && follow.current && count > 0) el.scrollTop = el.scrollHeight;
  }, [count]);

  const lastTop = useRef(0);
  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    if (el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2) follow.current = true;
    else if (el.scrollTop < lastTop.current) follow.current = false;
    lastTop.current = el.scrollTop;
  };

  // A log loaded again (the socket reopened) keeps the found line in view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when a load ends.
  useEffect(() => {
    if (!loading && hit !== null && hit < count) rows.scrollToIndex(hit, { align: 'center' });
  }, [loading]);

  const showHit = (index: number | null) => {
    setHit(index);
    if (index === null) return;
    follow.current = false;
    rows.scrollToIndex(index, { align: 'center' });
  };

  return (
    <div className="log-wrap">
      <LogTools taskId={taskId} lines={() => buffer.lines} hit={hit} onHit={showHit} />
      <div className="log-info" aria-live="polite">
        {error ? (
          <span className="error">{error}</span>
        ) : (
          `${count.toLocaleString()} lines${loading ? ' (loading…)' : ''}`
        )}
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take keyboard focus, or keys cannot scroll it (axe: scrollable-region-focusable). */}
      <div className="log" ref={scroller} onScroll={onScroll} role="log" aria-label="Task output" tabIndex={0}>
        <div className="log-space" style={{ height: rows.getTotalSize() }}>
          {rows.getVirtualItems().map((item) => (
            <div
              key={item.index}
              className={item.index === hit ? 'log-line log-hit' : 'log-line'}
              aria-current={item.index === hit ? 'true' : undefined}
              data-line={item.index + 1}
              style={{ transform: `translateY(${item.start}px)` }}
            >
              {renderAnsi(buffer.lines[item.index])}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
