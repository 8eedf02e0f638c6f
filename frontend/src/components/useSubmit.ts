import { useCallback, useRef, useState } from "react";
import { ApiError, errorMessage, type FieldErrors } from "../api/client";
import i18n from "../i18n";

/**
 * Runs a form action once at a time and keeps its errors: field-level ones from a 400 next to their
 * inputs, anything else as one message.
 */
export function useSubmit<Args extends unknown[]>(action: (...args: Args) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);

  const submit = useCallback(
    async (...args: Args) => {
      if (running.current) return;
      running.current = true;
      setBusy(true);
      setError(null);
      setFieldErrors({});
      try {
        await action(...args);
      } catch (caught) {
        if (caught instanceof ApiError && caught.status === 400) {
          const fields = caught.fieldErrors;
          setFieldErrors(fields);
          const general = [...(fields.non_field_errors ?? []), ...(fields.detail ?? [])];
          setError(general.length ? general.join(" ") : i18n.t("common.correctFields"));
        } else {
          setError(errorMessage(caught));
        }
      } finally {
        running.current = false;
        setBusy(false);
      }
    },
    [action],
  );
  return { submit, busy, fieldErrors, error };
}
