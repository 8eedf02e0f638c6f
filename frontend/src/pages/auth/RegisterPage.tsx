import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../../api/endpoints";
import { Alert, TextField } from "../../components/ui";
import { useSubmit } from "../../components/useSubmit";
import { AuthCard } from "./AuthCard";
import { AuthForm } from "./AuthForm";
import { requireSamePasswords } from "./passwords";
import { SocialButtons } from "./SocialButtons";

export function RegisterPage() {
  const navigate = useNavigate();
  const [form, setForm] = useState({ first_name: "", last_name: "", email: "", password: "", password_confirm: "" });
  const { submit, busy, error, fieldErrors } = useSubmit(async () => {
    requireSamePasswords(form.password, form.password_confirm);
    await api.register(form);
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
    <AuthCard title="Create your account">
      {error && <Alert>{error}</Alert>}
      <AuthForm onSubmit={submit} busy={busy} label="Create account" busyLabel="Creating…">
        <div className="field-row">
          {input("first_name", "First name", "text", "given-name")}
          {input("last_name", "Last name", "text", "family-name")}
        </div>
        {input("email", "E-mail", "email", "email", "We'll send a confirmation link here.")}
        {input("password", "Password", "password", "new-password", "At least 8 characters, not too common.")}
        {input("password_confirm", "Repeat the password", "password", "new-password")}
      </AuthForm>
      <p className="auth-links">
        <span>
          Already registered? <Link to="/login">Log in</Link>
        </span>
      </p>
      <SocialButtons />
    </AuthCard>
  );
}
