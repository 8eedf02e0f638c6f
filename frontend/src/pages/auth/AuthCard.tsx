import type { ReactNode } from "react";

/** The narrow card every sign-in, sign-up and recovery page sits in, titled for screen readers. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="auth card" aria-labelledby="auth-title">
      <h1 id="auth-title">{title}</h1>
      {children}
    </section>
  );
}
