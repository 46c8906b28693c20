'use client';

import { useEffect, useSyncExternalStore } from 'react';
import { type SessionState, session } from './session';
import type { User } from './types';

const LOADING: SessionState = { status: 'loading', user: null };

/** Restores the session from the refresh cookie once, when the app loads. */
export function AuthProvider({ children }: { children: React.ReactNode }) {
  useEffect(() => {
    if (session.getState().status === 'loading') void session.refresh();
  }, []);
  return children;
}

export interface UseAuth extends SessionState {
  login: (email: string, password: string) => Promise<User>;
  logout: () => Promise<void>;
  updateUser: (user: User) => void;
}

/** The session as React state: re-renders when the user signs in or out or the session expires. */
export function useAuth(): UseAuth {
  const state = useSyncExternalStore(session.subscribe, session.getState, () => LOADING);
  return {
    ...state,
    login: (email, password) => session.login(email, password),
    logout: () => session.logout(),
    updateUser: (user) => session.updateUser(user),
  };
}
