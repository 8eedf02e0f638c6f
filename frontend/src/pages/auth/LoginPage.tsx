import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ApiError } from "../../api/client";
import { Alert, TextField } from "../../components/ui";
import { useSubmit } from "../../components/useSubmit";
import i18n from "../../i18n";
import { useAuth } from "../../state/auth";
import { AuthCard } from "./AuthCard";
import { AuthForm } from "./AuthForm";
import { EmailField } from "./EmailField";
import { forgetNext, safeNext, withNext } from "./next";
import { ResendConfirmation } from "./ResendConfirmation";
import { SocialButtons } from "./SocialButtons";

export function LoginPage() {
  const { t } = useTranslation();
  const { login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  // The API cannot say "not confirmed" without telling who has an account, so any refusal offers the resend.
  const [refused, setRefused] = useState(false);
  const { submit, busy, error, fieldErrors } = useSubmit(async () => {
    setRefused(false);
    try {
      await login(email, password);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) {
        setRefused(true);
        throw new ApiError(400, { detail: i18n.t("auth.wrongCredentials") });
      }
      throw caught;
    }
    forgetNext();
    navigate(next ?? "/", { replace: true });
  });

  return (
    <AuthCard title={t("auth.loginTitle")}>
      {params.get("confirmed") && <Alert kind="success">{t("auth.confirmedNotice")}</Alert>}
      {params.get("reset") && <Alert kind="success">{t("auth.resetNotice")}</Alert>}
      {params.get("email_changed") && <Alert kind="success">{t("auth.emailChangedNotice")}</Alert>}
      {error && <Alert>{error}</Alert>}
      {refused && (
        <div className="resend">
          <p className="muted small">{t("auth.notConfirmedHint")}</p>
          <ResendConfirmation email={email} />
        </div>
      )}
      <AuthForm onSubmit={submit} busy={busy} label={t("auth.loginTitle")} busyLabel={t("auth.loggingIn")}>
        <EmailField id="login-email" value={email} onChange={setEmail} errors={fieldErrors.email} />
        <TextField
          id="login-password"
          label={t("common.password")}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
          errors={fieldErrors.password}
        />
      </AuthForm>
      <p className="auth-links">
        <Link to="/forgot-password">{t("auth.forgotLink")}</Link>
        <span>
          {t("auth.newHere")} <Link to={withNext("/register", next)}>{t("auth.createAccountLink")}</Link>
        </span>
      </p>
      <SocialButtons />
    </AuthCard>
  );
}
