import { useEffect, useRef, useState } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { Alert, Loading } from "../../components/ui";
import { useAuth } from "../../state/auth";
import { AuthCard } from "./AuthCard";

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
