import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../api/client";
import { api } from "../../api/endpoints";
import { Alert } from "../../components/ui";

/** Asks for a fresh confirmation link; the answer is the same whether or not the address has an account. */
export function ResendConfirmation({ email }: { email: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<"idle" | "busy" | "sent" | { error: string }>("idle");

  async function resend() {
    setState("busy");
    try {
      await api.resendConfirmation(email);
      setState("sent");
    } catch (error) {
      setState({ error: errorMessage(error) });
    }
  }

  if (state === "sent") return <Alert kind="success">{t("auth.resent")}</Alert>;
  return (
    <>
      {typeof state === "object" && <Alert>{state.error}</Alert>}
      <button
        type="button"
        className="btn btn-secondary btn-block"
        disabled={state === "busy" || !email}
        onClick={() => void resend()}
      >
        {state === "busy" ? t("auth.resending") : t("auth.resend")}
      </button>
    </>
  );
}
