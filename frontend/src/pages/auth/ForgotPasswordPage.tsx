import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/endpoints";
import { Alert } from "../../components/ui";
import { useSubmit } from "../../components/useSubmit";
import { AuthCard } from "./AuthCard";
import { AuthForm } from "./AuthForm";
import { EmailField } from "./EmailField";

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const { submit, busy, error, fieldErrors } = useSubmit(async () => {
    await api.requestPasswordReset(email);
    setSent(true);
  });
  return (
    <AuthCard title={t("auth.forgotTitle")}>
      {sent ? (
        <Alert kind="success">
          <Trans i18nKey="auth.forgotSent" values={{ email }} components={{ 1: <strong /> }} />
        </Alert>
      ) : (
        <>
          <p className="muted">{t("auth.forgotHint")}</p>
          {error && <Alert>{error}</Alert>}
          <AuthForm onSubmit={submit} busy={busy} label={t("auth.sendLink")} busyLabel={t("auth.sending")}>
            <EmailField id="forgot-email" value={email} onChange={setEmail} errors={fieldErrors.email} />
          </AuthForm>
        </>
      )}
      <p className="auth-links">
        <Link to="/login">{t("auth.backToLogin")}</Link>
      </p>
    </AuthCard>
  );
}
