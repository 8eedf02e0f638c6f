import { useEffect, useRef, useState, type ReactNode } from "react";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import { ApiError, errorMessage } from "../api/client";
import { api, socialLoginUrls } from "../api/endpoints";
import { Alert, Field, Loading, describedBy } from "../components/ui";
import { useSubmit } from "../components/useSubmit";
import { useAuth } from "../state/auth";

/** Only same-site paths are followed after login, never an absolute URL from the query string. */
function safeNext(value: string | null): string {
  return value && value.startsWith("/") && !value.startsWith("//") ? value : "/";
}

function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="auth card" aria-labelledby="auth-title">
      <h1 id="auth-title">{title}</h1>
      {children}
    </section>
  );
}

function SocialButtons() {
  return (
    <div className="social">
      <p className="divider">
        <span>or continue with</span>
      </p>
      <div className="social-buttons">
        <a className="btn btn-social" href={socialLoginUrls.google}>
          <span aria-hidden="true" className="social-icon google">
            G
          </span>
          Google
        </a>
        <a className="btn btn-social" href={socialLoginUrls.github}>
          <span aria-hidden="true" className="social-icon github">
            ⌥
          </span>
          GitHub
        </a>
      </div>
    </div>
  );
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
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Field id="login-email" label="E-mail" errors={fieldErrors.email}>
          <input
            id="login-email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            {...describedBy("login-email", fieldErrors.email)}
          />
        </Field>
        <Field id="login-password" label="Password" errors={fieldErrors.password}>
          <input
            id="login-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            {...describedBy("login-password", fieldErrors.password)}
          />
        </Field>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? "Logging in…" : "Log in"}
        </button>
      </form>
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

export function RegisterPage() {
  const navigate = useNavigate();
  const [form, setForm] = useState({ first_name: "", last_name: "", email: "", password: "", password_confirm: "" });
  const { submit, busy, error, fieldErrors } = useSubmit(async () => {
    if (form.password !== form.password_confirm) {
      throw new ApiError(400, { password_confirm: ["The passwords don't match."] });
    }
    await api.register(form);
    navigate(`/check-email?email=${encodeURIComponent(form.email)}`);
  });
  const input = (name: keyof typeof form, label: string, type: string, autoComplete: string, hint?: string) => (
    <Field id={`register-${name}`} label={label} errors={fieldErrors[name]} hint={hint}>
      <input
        id={`register-${name}`}
        type={type}
        autoComplete={autoComplete}
        required={!name.endsWith("_name")}
        value={form[name]}
        onChange={(event) => setForm({ ...form, [name]: event.target.value })}
        {...describedBy(`register-${name}`, fieldErrors[name], hint)}
      />
    </Field>
  );

  return (
    <AuthCard title="Create your account">
      {error && <Alert>{error}</Alert>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        noValidate
      >
        <div className="field-row">
          {input("first_name", "First name", "text", "given-name")}
          {input("last_name", "Last name", "text", "family-name")}
        </div>
        {input("email", "E-mail", "email", "email", "We'll send a confirmation link here.")}
        {input("password", "Password", "password", "new-password", "At least 8 characters, not too common.")}
        {input("password_confirm", "Repeat the password", "password", "new-password")}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? "Creating…" : "Create account"}
        </button>
      </form>
      <p className="auth-links">
        <span>
          Already registered? <Link to="/login">Log in</Link>
        </span>
      </p>
      <SocialButtons />
    </AuthCard>
  );
}

export function CheckEmailPage() {
  const [params] = useSearchParams();
  const email = params.get("email");
  return (
    <AuthCard title="Check your e-mail">
      <p className="big-icon" aria-hidden="true">
        ✉️
      </p>
      <p>
        We sent a confirmation link to {email ? <strong>{email}</strong> : "your address"}. Open it to activate your
        account — the link works for 24 hours.
      </p>
      <p className="muted">Nothing arrived? Look in the spam folder, or register again in a few minutes.</p>
      <Link className="btn btn-secondary btn-block" to="/login">
        Go to log in
      </Link>
    </AuthCard>
  );
}

type Confirm = { state: "working" } | { state: "done" } | { state: "failed"; message: string };

/** The e-mailed link lands here; this page asks the API to confirm and tells the outcome. */
export function ConfirmEmailPage() {
  const { token = "" } = useParams();
  const [result, setResult] = useState<Confirm>({ state: "working" });
  const [expired, setExpired] = useState(false);
  const asked = useRef(false);

  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    api.confirmEmail(token).then(
      () => setResult({ state: "done" }),
      (error: unknown) => {
        // The API explains an expired link itself (it e-mails a fresh one to a pending account).
        const message =
          error instanceof ApiError && error.status === 404
            ? "This confirmation link is not valid. It may have been mistyped."
            : errorMessage(error);
        setExpired(error instanceof ApiError && error.status === 400);
        setResult({ state: "failed", message });
      },
    );
  }, [token]);

  if (result.state === "working") return <Loading label="Confirming your e-mail…" />;
  return (
    <AuthCard title={result.state === "done" ? "E-mail confirmed" : "We couldn't confirm your e-mail"}>
      {result.state === "done" ? (
        <>
          <Alert kind="success">Your account is active. Welcome aboard!</Alert>
          <Link className="btn btn-primary btn-block" to="/login?confirmed=1">
            Log in
          </Link>
        </>
      ) : (
        <>
          <Alert>{result.message}</Alert>
          {expired ? (
            <Link className="btn btn-secondary btn-block" to="/login">
              Go to log in
            </Link>
          ) : (
            <Link className="btn btn-secondary btn-block" to="/register">
              Register
            </Link>
          )}
        </>
      )}
    </AuthCard>
  );
}

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
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void submit();
            }}
            noValidate
          >
            <Field id="forgot-email" label="E-mail" errors={fieldErrors.email}>
              <input
                id="forgot-email"
                type="email"
                autoComplete="email"
                required
                value={email}
                onChange={(event) => setEmail(event.target.value)}
                {...describedBy("forgot-email", fieldErrors.email)}
              />
            </Field>
            <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
              {busy ? "Sending…" : "Send the link"}
            </button>
          </form>
        </>
      )}
      <p className="auth-links">
        <Link to="/login">Back to log in</Link>
      </p>
    </AuthCard>
  );
}

/** `/reset-password/:token` (or `/reset-password?token=…`) from the e-mailed link. */
export function ResetPasswordPage() {
  const params = useParams();
  const [query] = useSearchParams();
  const token = params.token ?? query.get("token") ?? "";
  const navigate = useNavigate();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const { submit, busy, error, fieldErrors } = useSubmit(async () => {
    if (password !== confirm) throw new ApiError(400, { password_confirm: ["The passwords don't match."] });
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
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Field id="reset-password" label="New password" errors={fieldErrors.password}>
          <input
            id="reset-password"
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            {...describedBy("reset-password", fieldErrors.password)}
          />
        </Field>
        <Field id="reset-confirm" label="Repeat the new password" errors={fieldErrors.password_confirm}>
          <input
            id="reset-confirm"
            type="password"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(event) => setConfirm(event.target.value)}
            {...describedBy("reset-confirm", fieldErrors.password_confirm)}
          />
        </Field>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || !token}>
          {busy ? "Saving…" : "Save the new password"}
        </button>
      </form>
    </AuthCard>
  );
}

const SOCIAL_ERRORS: Record<string, string> = {
  email_in_use:
    "An account with this e-mail already exists. Log in with your e-mail and password instead.",
  email_missing: "The provider didn't share an e-mail address with us. Allow access to your e-mail and try again.",
};

/**
 * Social login lands on `/social-login-success#access=…&refresh=…` (or `#error=…`): keep the tokens,
 * wipe the fragment so they don't stay in the address bar or history.
 */
export function SocialLoginSuccessPage() {
  const { adoptTokens } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [failure, setFailure] = useState<string | null>(null);
  const handled = useRef(false);

  useEffect(() => {
    if (handled.current) return;
    handled.current = true;
    const fragment = new URLSearchParams(location.hash.replace(/^#/, ""));
    const access = fragment.get("access");
    const refresh = fragment.get("refresh");
    const error = fragment.get("error");
    window.history.replaceState(window.history.state, "", location.pathname + location.search);
    const generic = "The provider didn't hand us a login. Please try again, or log in with your e-mail.";
    if (!access || !refresh) {
      setFailure((error && SOCIAL_ERRORS[error]) ?? generic);
      return;
    }
    adoptTokens(access, refresh).then(
      () => navigate("/", { replace: true }),
      () => setFailure(generic),
    );
  }, [adoptTokens, location, navigate]);

  if (!failure) return <Loading label="Signing you in…" />;
  return (
    <AuthCard title="Sign-in didn't finish">
      <Alert>{failure}</Alert>
      <Link className="btn btn-primary btn-block" to="/login">
        Back to log in
      </Link>
    </AuthCard>
  );
}
