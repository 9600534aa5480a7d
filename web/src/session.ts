// session.ts: who is using the app. The shell asks /api/auth/me once; pages
// read the answer from this context to decide what to offer (a unit officer
// gets "my work", an aggregator the review queue, an admin the directory).
// When the server has no auth module yet (404), the app runs in open mode and
// says so, rather than pretending someone is logged in.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { User } from './api';

export type AuthMode = 'checking' | 'anonymous' | 'signed-in' | 'open';

export interface Session {
  mode: AuthMode;
  user: User | null;
  setUser: (u: User | null) => void;
  logout: () => void;
}

export const SessionContext = createContext<Session>({
  mode: 'checking',
  user: null,
  setUser: () => undefined,
  logout: () => undefined,
});

export function useSession(): Session {
  return useContext(SessionContext);
}

export function userRoles(u: User | null): string[] {
  if (!u) return [];
  return u.roles ?? (u.role ? [u.role] : []);
}

export function hasRole(u: User | null, ...roles: string[]): boolean {
  const mine = userRoles(u);
  return mine.includes('admin') || roles.some((r) => mine.includes(r));
}

/** The unit a user is confined to (officers and heads see only their unit's tasks). */
export function boundUnit(u: User | null): number | undefined {
  if (!u || !u.unit_id) return undefined;
  return userRoles(u).some((r) => r === 'officer' || r === 'head') ? u.unit_id : undefined;
}
