import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError, errorMessage } from "../../api/client";
import { api } from "../../api/endpoints";
import i18n from "../../i18n";
import { Alert, Loading } from "../../components/ui";
import { AuthCard } from "./AuthCard";
import { rememberedNext } from "./next";

/** The login page, told the e-mail is confirmed and where the visitor was heading before registering. */
function loginAfterConfirming(): string {
  const next = rememberedNext();
  return next ? `/login?confirmed=1&next=${encodeURIComponent(next)}` : "/login?confirmed=1";
}

type Confirm = { state: "working" } | { state: "done" } | { state: "failed"; message: string };

/** The e-mailed link lands here; this page asks the API to confirm and tells the outcome. */
export function ConfirmEmailPage() {
  const { t } = useTranslation();
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
            ? i18n.t("auth.confirmInvalid")
            : errorMessage(error);
        setExpired(error instanceof ApiError && error.status === 400);
        setResult({ state: "failed", message });
      },
    );
  }, [token]);

  if (result.state === "working") return <Loading label={t("auth.confirming")} />;
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
