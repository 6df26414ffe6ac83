// The session: the access token lives client-side (localStorage, so a reload or a second tab stays
// logged in) with its expiry. Any 401 on an authenticated call ends the session and sends the user
// to /login with a message; logout revokes the token at the API (POST /auth/logout) first.
import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { useLocation, useNavigate } from "react-router";
import { api, configureClient } from "../api/client";
import type { ApiProblem } from "../api/problem";
import type { LoginResult } from "../api/types";
import { loadSession as load, saveSession, type StoredSession as Stored } from "./sessionStore";

export interface SessionValue {
  token: string | null;
  username: string | null;
  /** Message for the login page (why the user was sent there). */
  notice: string | null;
  clearNotice: () => void;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  /** End the session locally (e.g. after a 401) and go to /login with a message. */
  expire: (message: string) => void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Stored | null>(load);
  const [notice, setNotice] = useState<string | null>(null);
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();

  const store = useCallback((s: Stored | null) => {
    setSession(s);
    saveSession(s);
  }, []);

  const expire = useCallback((message: string) => {
    store(null);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== "assets" && q.queryKey[0] !== "app-config" });
    setNotice(message);
    const from = location.pathname + location.search;
    navigate("/login", { replace: true, state: { from } });
  }, [store, queryClient, navigate, location.pathname, location.search]);

  // Set during render, not in an effect: children's queries start (in their effects) before a
  // parent's effects run, and their first 401 must already reach this session.
  configureClient({
    token: () => load()?.token ?? null,
    onUnauthorized: (p: ApiProblem) =>
      expire(p.code === "TOKEN_REVOKED" ? "Your session was ended. Please log in again." :
        "Your session has expired. Please log in again."),
  });

  // Expire exactly when the token does, even if nothing is requested at that moment.
  useEffect(() => {
    if (!session) return;
    const ms = session.expiresAt - Date.now();
    const t = setTimeout(() => expire("Your session has expired. Please log in again."), Math.max(0, ms));
    return () => clearTimeout(t);
  }, [session, expire]);

  const login = useCallback(async (username: string, password: string) => {
    const r = await api<LoginResult>("/auth/login", { method: "POST", body: { username, password }, auth: false });
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== "assets" && q.queryKey[0] !== "app-config" });
    store({ token: r.access_token, username: username.trim().toLowerCase(), expiresAt: Date.now() + r.expires_in * 1000 });
    setNotice(null);
  }, [store, queryClient]);

  const logout = useCallback(async () => {
    try {
      // A JSON body is required by the API (as upstream); the token is revoked server-side.
      await api("/auth/logout", { method: "POST", body: {} });
    } catch { /* already invalid or offline: the local session ends anyway */ }
    store(null);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== "assets" && q.queryKey[0] !== "app-config" });
    setNotice("You have been logged out.");
    navigate("/login", { replace: true });
  }, [store, queryClient, navigate]);

  const value = useMemo<SessionValue>(() => ({
    token: session?.token ?? null,
    username: session?.username ?? null,
    notice,
    clearNotice: () => setNotice(null),
    login,
    logout,
    expire,
  }), [session, notice, login, logout, expire]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside SessionProvider");
  return s;
}
