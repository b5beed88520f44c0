import { createContext, useContext } from 'react';
import type { Me } from './salesApi.js';

/** The signed-in account of the sales desk; SalesApp provides it once signed in. */
export const SessionContext = createContext<Me | null>(null);

/** The signed-in account (sales or admin); its writes carry the CSRF token through client/api/session.ts. */
export function useSession(): Me {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the sales desk');
  return s;
}
