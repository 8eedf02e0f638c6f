import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api } from "../../api/endpoints";
import { Alert, TextField } from "../../components/ui";
import { useSubmit } from "../../components/useSubmit";
import { currentLanguage } from "../../i18n";
import { AuthCard } from "./AuthCard";
import { AuthForm } from "./AuthForm";
import { rememberNext, safeNext, withNext } from "./next";
import { requireSamePasswords } from "./passwords";
import { SocialButtons } from "./SocialButtons";

export function RegisterPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [form, setForm] = useState({ first_name: "", last_name: "", email: "", password: "", password_confirm: "" });
  const { submit, busy, error, fieldErrors } = useSubmit(async () => {
    requireSamePasswords(form.password, form.password_confirm);
    // The account starts in the language the visitor is using; its e-mails follow it.
    await api.register({ ...form, language: currentLanguage() });
    rememberNext(next);
    navigate(`/check-email?email=${encodeURIComponent(form.email)}`);
  });
  const input = (name: keyof typeof form, label: string, type: string, autoComplete: string, hint?: string) => (
    <TextField
      id={`register-${name}`}
      label={label}
      type={type}
      autoComplete={autoComplete}
      required={!name.endsWith("_name")}
      value={form[name]}
      onChange={(value) => setForm({ ...form, [name]: value })}
      errors={fieldErrors[name]}
      hint={hint}
    />
  );

  return (
    <AuthCard title={t("auth.registerTitle")}>
      {error && <Alert>{error}</Alert>}
      <AuthForm onSubmit={submit} busy={busy} label={t("auth.createAccount")} busyLabel={t("auth.creating")}>
        <div className="field-row">
          {input("first_name", t("common.firstName"), "text", "given-name")}
          {input("last_name", t("common.lastName"), "text", "family-name")}
        </div>
        {input("email", t("common.email"), "email", "email", t("auth.emailHint"))}
        {input("password", t("common.password"), "password", "new-password", t("auth.passwordHint"))}
        {input("password_confirm", t("auth.repeatPassword"), "password", "new-password")}
      </AuthForm>
      <p className="auth-links">
        <span>
          {t("auth.alreadyRegistered")} <Link to={withNext("/login", next)}>{t("auth.loginTitle")}</Link>
        </span>
      </p>
      <SocialButtons />
    </AuthCard>
  );
}
