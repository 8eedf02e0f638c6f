import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { client, api } from "../api/endpoints";
import type { Me } from "../api/types";

type AuthStatus = "loading" | "anonymous" | "authenticated";

interface AuthState {
  status: AuthStatus;
  user: Me | null;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** Adopts tokens obtained elsewhere (social login) and loads the user. */
  adoptTokens(access: string, refresh: string): Promise<void>;
  reloadUser(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<Me | null>(null);
  const [status, setStatus] = useState<AuthStatus>(client.hasSession ? "loading" : "anonymous");

  const reloadUser = useCallback(async () => {
    if (!client.hasSession) {
      setUser(null);
      setStatus("anonymous");
      return;
    }
    try {
      setUser(await api.me());
      setStatus("authenticated");
    } catch {
      setUser(null);
      setStatus(client.hasSession ? "authenticated" : "anonymous");
    }
  }, []);

  useEffect(() => {
    void reloadUser();
    // A refused refresh anywhere in the app logs the user out here too.
    return client.onAuthChange((loggedIn) => {
      if (!loggedIn) {
        setUser(null);
        setStatus("anonymous");
      }
    });
  }, [reloadUser]);

  const value = useMemo<AuthState>(
    () => ({
      status,
      user,
      reloadUser,
      async login(email, password) {
        await api.login(email, password);
        await reloadUser();
      },
      async logout() {
        try {
          await api.logout();
        } finally {
          setUser(null);
          setStatus("anonymous");
        }
      },
      async adoptTokens(access, refresh) {
        client.setTokens(access, refresh);
        await reloadUser();
      },
    }),
    [status, user, reloadUser],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error("useAuth must be used inside <AuthProvider>");
  return state;
}
