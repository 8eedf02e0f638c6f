import type { ReactNode } from "react";

interface AuthFormProps {
  onSubmit: () => Promise<void>;
  busy: boolean;
  label: string;
  busyLabel: string;
  /** Besides while busy: e.g. a reset link without its token can't be submitted. */
  disabled?: boolean;
  children: ReactNode;
}

/**
 * The form of an auth page and its full-width submit button. The browser's own validation is off so the
 * server's field-level messages are the ones shown.
 */
export function AuthForm({ onSubmit, busy, label, busyLabel, disabled = false, children }: AuthFormProps) {
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit();
      }}
      noValidate
    >
      {children}
      <button type="submit" className="btn btn-primary btn-block" disabled={busy || disabled}>
        {busy ? busyLabel : label}
      </button>
    </form>
  );
}
