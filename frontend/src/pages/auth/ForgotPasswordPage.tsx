import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/endpoints";
import { Alert } from "../../components/ui";
import { useSubmit } from "../../components/useSubmit";
import { AuthCard } from "./AuthCard";
import { AuthForm } from "./AuthForm";
import { EmailField } from "./EmailField";

export function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const { submit, busy, error, fieldErrors } = useSubmit(async () => {
    await api.requestPasswordReset(email);
    setSent(true);
  });
  return (
    <AuthCard title="Forgot your password?">
      {sent ? (
        <Alert kind="success">
          If an account exists for <strong>{email}</strong>, we've sent it a link to choose a new password. The link
          works for one hour.
        </Alert>
      ) : (
        <>
          <p className="muted">Enter your e-mail and we'll send you a link to choose a new password.</p>
          {error && <Alert>{error}</Alert>}
          <AuthForm onSubmit={submit} busy={busy} label="Send the link" busyLabel="Sending…">
            <EmailField id="forgot-email" value={email} onChange={setEmail} errors={fieldErrors.email} />
          </AuthForm>
        </>
      )}
      <p className="auth-links">
        <Link to="/login">Back to log in</Link>
      </p>
    </AuthCard>
  );
}
