import { createContext, useContext } from 'react';
import type { LiveSocket } from './api/live';

export const LiveContext = createContext<LiveSocket | null>(null);

export function useLive(): LiveSocket {
  const live = useContext(LiveContext);
  if (!live) throw new Error('no LiveSocket provided');
  return live;
}
