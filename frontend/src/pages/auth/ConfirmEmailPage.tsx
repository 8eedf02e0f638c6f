import { useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError, errorMessage } from "../../api/client";
import { api } from "../../api/endpoints";
import { Alert, Loading } from "../../components/ui";
import { AuthCard } from "./AuthCard";

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
