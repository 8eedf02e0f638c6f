import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { api } from "../../api/endpoints";
import { Alert, TextField } from "../../components/ui";
import { useSubmit } from "../../components/useSubmit";
import { AuthCard } from "./AuthCard";
import { AuthForm } from "./AuthForm";
import { requireSamePasswords } from "./passwords";

/** `/reset-password/:token` (or `/reset-password?token=…`) from the e-mailed link. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
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
    <AuthCard title={t("auth.resetTitle")}>
      {!token && <Alert>{t("auth.resetIncomplete")}</Alert>}
      {error && !tokenErrors && <Alert>{error}</Alert>}
      {tokenErrors && (
        <Alert>
          {tokenErrors.join(" ")} <Link to="/forgot-password">{t("auth.askNewLink")}</Link>.
        </Alert>
      )}
      <AuthForm onSubmit={submit} busy={busy} disabled={!token} label={t("auth.saveNewPassword")} busyLabel={t("common.saving")}>
        <TextField
          id="reset-password"
          label={t("auth.newPassword")}
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={setPassword}
          errors={fieldErrors.password}
        />
        <TextField
          id="reset-confirm"
          label={t("auth.repeatNewPassword")}
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
