import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { client, api } from "../api/endpoints";
import type { AccountLanguage, Me } from "../api/types";
import { changeLanguage, hasChosenLanguage } from "../i18n";
import { mergeGuestCart } from "./guestCart";

type AuthStatus = "loading" | "anonymous" | "authenticated";

interface AuthState {
  status: AuthStatus;
  user: Me | null;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** Adopts tokens obtained elsewhere (social login) and loads the user. */
  adoptTokens(access: string, refresh: string): Promise<void>;
  reloadUser(): Promise<void>;
  /** Stores the language on the account, so its e-mails come in it too. */
  saveLanguage(language: AccountLanguage): Promise<void>;
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
      const me = await api.me();
      // On a browser where the visitor never picked a language, the account's choice applies.
      if (me.language && !hasChosenLanguage()) await changeLanguage(me.language, { remember: false });
      setUser(me);
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
        await mergeGuestCart();
        await reloadUser();
      },
      async saveLanguage(language) {
        setUser(await api.updateProfile({ language }));
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
        await mergeGuestCart();
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
