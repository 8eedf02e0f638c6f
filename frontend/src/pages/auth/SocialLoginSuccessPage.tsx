import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { Alert, Loading } from "../../components/ui";
import { useAuth } from "../../state/auth";
import { AuthCard } from "./AuthCard";

/** The API's error codes and their translation keys. */
const SOCIAL_ERRORS: Record<string, string> = {
  email_in_use: "auth.socialEmailInUse",
  email_missing: "auth.socialEmailMissing",
};

/**
 * Social login lands on `/social-login-success#access=…&refresh=…` (or `#error=…`): keep the tokens,
 * wipe the fragment so they don't stay in the address bar or history.
 */
export function SocialLoginSuccessPage() {
  const { t } = useTranslation();
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
    const generic = t("auth.socialGeneric");
    if (!access || !refresh) {
      setFailure(error && SOCIAL_ERRORS[error] ? t(SOCIAL_ERRORS[error]) : generic);
      return;
    }
    adoptTokens(access, refresh).then(
      () => navigate("/", { replace: true }),
      () => setFailure(generic),
    );
  }, [adoptTokens, location, navigate, t]);

  if (!failure) return <Loading label={t("auth.signingIn")} />;
  return (
    <AuthCard title={t("auth.socialFailed")}>
      <Alert>{failure}</Alert>
      <Link className="btn btn-primary btn-block" to="/login">
        {t("auth.backToLogin")}
      </Link>
    </AuthCard>
  );
}
