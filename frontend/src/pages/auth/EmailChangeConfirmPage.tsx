import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { errorMessage } from "../../api/client";
import { api } from "../../api/endpoints";
import { Alert, Loading } from "../../components/ui";
import { AuthCard } from "./AuthCard";

/** The link e-mailed to a new address lands here; the address replaces the old one once confirmed. */
export function EmailChangeConfirmPage() {
  const { t } = useTranslation();
  const { token = "" } = useParams();
  const [result, setResult] = useState<{ state: "working" } | { state: "done" } | { state: "failed"; message: string }>({
    state: "working",
  });
  const asked = useRef(false);

  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    api.confirmEmailChange(token).then(
      () => setResult({ state: "done" }),
      (error: unknown) => setResult({ state: "failed", message: errorMessage(error) }),
    );
  }, [token]);

  if (result.state === "working") return <Loading label={t("auth.emailChangeWorking")} />;
  return (
    <AuthCard title={t("auth.emailChangeTitle")}>
      {result.state === "done" ? (
        <Alert kind="success">{t("auth.emailChangeDone")}</Alert>
      ) : (
        <Alert>{result.message}</Alert>
      )}
      <Link className="btn btn-primary btn-block" to="/login?email_changed=1">
        {t("auth.loginTitle")}
      </Link>
    </AuthCard>
  );
}
