import type { ReactNode } from "react";
import { usePageTitle } from "../../components/usePageTitle";

/** The narrow card every sign-in, sign-up and recovery page sits in, titled for screen readers and the tab. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  usePageTitle(title);
  return (
    <section className="auth card" aria-labelledby="auth-title">
      <h1 id="auth-title">{title}</h1>
      {children}
    </section>
  );
}
