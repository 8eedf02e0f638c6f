import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useAuth } from "../state/auth";
import { Loading } from "./ui";

/** Sends anonymous visitors to the login page and brings them back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const location = useLocation();
  if (status === "loading") return <Loading />;
  if (status === "anonymous") {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  return <>{children}</>;
}
