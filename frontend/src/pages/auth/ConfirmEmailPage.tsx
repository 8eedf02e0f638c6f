import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError, errorMessage } from "../../api/client";
import { api } from "../../api/endpoints";
import i18n from "../../i18n";
import { Alert, Loading } from "../../components/ui";
import { useAuth } from "../../state/auth";
import { AuthCard } from "./AuthCard";
import { forgetNext, rememberedNext } from "./next";

/** The login page, told the e-mail is confirmed and where the visitor was heading before registering. */
function loginAfterConfirming(): string {
  const next = rememberedNext();
  return next ? `/login?confirmed=1&next=${encodeURIComponent(next)}` : "/login?confirmed=1";
}

type Confirm =
  | { state: "working" }
  | { state: "done" }
  | { state: "loggedIn" }
  | { state: "failed"; message: string };

/**
 * The e-mailed link lands here; this page posts it to the API and tells the outcome. The first answer right
 * after confirming carries a token pair: kept like a login's (the guest cart merged), then on to `next`.
 */
export function ConfirmEmailPage() {
  const { t } = useTranslation();
  const { token = "" } = useParams();
  const { adoptTokens } = useAuth();
  const navigate = useNavigate();
  const [result, setResult] = useState<Confirm>({ state: "working" });
  const [expired, setExpired] = useState(false);
  const asked = useRef(false);

  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    api.confirmEmail(token).then(
      async ({ access, refresh }) => {
        if (!access || !refresh) {
          setResult({ state: "done" });
          return;
        }
        try {
          await adoptTokens(access, refresh);
        } catch {
          // The pair was spent: the confirmed customer logs in with the password instead.
          setResult({ state: "done" });
          return;
        }
        const next = rememberedNext();
        forgetNext();
        if (next) navigate(next, { replace: true });
        else setResult({ state: "loggedIn" });
      },
      (error: unknown) => {
        // The API explains an expired link itself (it e-mails a fresh one to a pending account).
        const message =
          error instanceof ApiError && error.status === 404
            ? i18n.t("auth.confirmInvalid")
            : errorMessage(error);
        setExpired(error instanceof ApiError && error.status === 400);
        setResult({ state: "failed", message });
      },
    );
  }, [token, adoptTokens, navigate]);

  if (result.state === "working") return <Loading label={t("auth.confirming")} />;
  if (result.state === "loggedIn")
    return (
      <AuthCard title={t("auth.confirmed")}>
        <Alert kind="success">{t("auth.confirmedLoggedIn")}</Alert>
        <Link className="btn btn-primary btn-block" to="/">
          {t("notFound.toCatalogue")}
        </Link>
      </AuthCard>
    );
  return (
    <AuthCard title={result.state === "done" ? t("auth.confirmed") : t("auth.confirmFailed")}>
      {result.state === "done" ? (
        <>
          <Alert kind="success">{t("auth.active")}</Alert>
          <Link className="btn btn-primary btn-block" to={loginAfterConfirming()}>
            {t("auth.loginTitle")}
          </Link>
        </>
      ) : (
        <>
          <Alert>{result.message}</Alert>
          {expired ? (
            <Link className="btn btn-secondary btn-block" to="/login">
              {t("auth.goToLogin")}
            </Link>
          ) : (
            <Link className="btn btn-secondary btn-block" to="/register">
              {t("app.register")}
            </Link>
          )}
        </>
      )}
    </AuthCard>
  );
}
