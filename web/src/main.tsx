import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api/client';
import { LiveSocket } from './api/live';
import { App } from './App';
import { LiveContext } from './live-context';
import './styles.css';

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      // Fresh until /api/ws says otherwise (live.ts invalidates), so no refetch on focus or timers.
      staleTime: Number.POSITIVE_INFINITY,
      refetchOnWindowFocus: false,
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});
const live = new LiveSocket(queries);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <LiveContext.Provider value={live}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </LiveContext.Provider>
    </QueryClientProvider>
  </StrictMode>,
);
