import { useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { api } from "../../api/endpoints";
import { Alert, TextField } from "../../components/ui";
import { useSubmit } from "../../components/useSubmit";
import { AuthCard } from "./AuthCard";
import { AuthForm } from "./AuthForm";
import { requireSamePasswords } from "./passwords";

/** `/reset-password/:token` (or `/reset-password?token=…`) from the e-mailed link. */
export function ResetPasswordPage() {
  const params = useParams();
  const [query] = useSearchParams();
  const token = params.token ?? query.get("token") ?? "";
  const navigate = useNavigate();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const { submit, busy, error, fieldErrors } = useSubmit(async () => {
    requireSamePasswords(password, confirm);
    await api.resetPassword(token, password);
    navigate("/login?reset=1", { replace: true });
  });
  const tokenErrors = fieldErrors.token;

  return (
    <AuthCard title="Choose a new password">
      {!token && <Alert>This link is incomplete. Ask for a new one.</Alert>}
      {error && !tokenErrors && <Alert>{error}</Alert>}
      {tokenErrors && (
        <Alert>
          {tokenErrors.join(" ")} <Link to="/forgot-password">Ask for a new link</Link>.
        </Alert>
      )}
      <AuthForm onSubmit={submit} busy={busy} disabled={!token} label="Save the new password" busyLabel="Saving…">
        <TextField
          id="reset-password"
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={setPassword}
          errors={fieldErrors.password}
        />
        <TextField
          id="reset-confirm"
          label="Repeat the new password"
          type="password"
          autoComplete="new-password"
          required
          value={confirm}
          onChange={setConfirm}
          errors={fieldErrors.password_confirm}
        />
      </AuthForm>
    </AuthCard>
  );
}
