import type { ReactNode } from 'react';
import { useUser } from '../../api/queries';

/** Administration pages: their content for administrators, a sentence for everyone else. */
export function AdminOnly({ children }: { children: ReactNode }) {
  const user = useUser();
  if (!user.data?.admin) return <p className="muted">Only administrators see this page.</p>;
  return <>{children}</>;
}
