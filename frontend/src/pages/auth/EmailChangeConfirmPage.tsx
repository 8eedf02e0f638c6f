import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { errorMessage } from "../../api/client";
import { api } from "../../api/endpoints";
import { Alert, Loading } from "../../components/ui";
import { AuthCard } from "./AuthCard";

/** The two links an e-mail change sends: `confirm` to the new address, `undo` to the old one. */
const LINKS = {
  confirm: {
    send: api.confirmEmailChange,
    working: "auth.emailChangeWorking",
    done: "auth.emailChangeDone",
    next: "/login?email_changed=1",
    nextLabel: "auth.loginTitle",
  },
  undo: {
    send: api.undoEmailChange,
    working: "auth.emailUndoWorking",
    done: "auth.emailUndoDone",
    next: "/forgot-password",
    nextLabel: "auth.forgotTitle",
  },
} as const;

/** An e-mail change link lands here: confirming the new address, or undoing the change from the old one. */
export function EmailChangeConfirmPage({ kind = "confirm" }: { kind?: keyof typeof LINKS }) {
  const { t } = useTranslation();
  const { token = "" } = useParams();
  const link = LINKS[kind];
  const [result, setResult] = useState<{ state: "working" } | { state: "done" } | { state: "failed"; message: string }>({
    state: "working",
  });
  const asked = useRef(false);

  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    link.send(token).then(
      () => setResult({ state: "done" }),
      (error: unknown) => setResult({ state: "failed", message: errorMessage(error) }),
    );
  }, [token, link]);

  if (result.state === "working") return <Loading label={t(link.working)} />;
  return (
    <AuthCard title={t("auth.emailChangeTitle")}>
      {result.state === "done" ? <Alert kind="success">{t(link.done)}</Alert> : <Alert>{result.message}</Alert>}
      <Link className="btn btn-primary btn-block" to={link.next}>
        {t(link.nextLabel)}
      </Link>
    </AuthCard>
  );
}
