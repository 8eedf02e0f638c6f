import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ApiError } from "../../api/client";
import { Alert, TextField } from "../../components/ui";
import { useSubmit } from "../../components/useSubmit";
import { useAuth } from "../../state/auth";
import { AuthCard } from "./AuthCard";
import { AuthForm } from "./AuthForm";
import { EmailField } from "./EmailField";
import { SocialButtons } from "./SocialButtons";

/** Only same-site paths are followed after login, never an absolute URL from the query string. */
function safeNext(value: string | null): string {
  return value && value.startsWith("/") && !value.startsWith("//") ? value : "/";
}

export function LoginPage() {
  const { login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { submit, busy, error, fieldErrors } = useSubmit(async () => {
    try {
      await login(email, password);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) {
        throw new ApiError(400, { detail: "Wrong e-mail or password, or the e-mail is not confirmed yet." });
      }
      throw caught;
    }
    navigate(safeNext(params.get("next")), { replace: true });
  });

  return (
    <AuthCard title="Log in">
      {params.get("confirmed") && <Alert kind="success">Your e-mail is confirmed. You can log in now.</Alert>}
      {params.get("reset") && <Alert kind="success">Your password was changed. Log in with the new one.</Alert>}
      {error && <Alert>{error}</Alert>}
      <AuthForm onSubmit={submit} busy={busy} label="Log in" busyLabel="Logging in…">
        <EmailField id="login-email" value={email} onChange={setEmail} errors={fieldErrors.email} />
        <TextField
          id="login-password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
          errors={fieldErrors.password}
        />
      </AuthForm>
      <p className="auth-links">
        <Link to="/forgot-password">Forgot your password?</Link>
        <span>
          New here? <Link to="/register">Create an account</Link>
        </span>
      </p>
      <SocialButtons />
    </AuthCard>
  );
}
