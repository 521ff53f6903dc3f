import { useEffect } from 'react';

/** Sets the page's title (`<what> · Signalman`). */
export function useTitle(what: string): void {
  useEffect(() => {
    document.title = what ? `${what} · Signalman` : 'Signalman';
  }, [what]);
}
