import { Link, useSearchParams } from "react-router";
import { AuthCard } from "./AuthCard";

/** Where registration lands: the account waits for the e-mailed confirmation link. */
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
