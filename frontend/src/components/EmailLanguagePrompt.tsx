import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AccountLanguage } from "../api/types";
import { currentLanguage } from "../i18n";
import { useAuth } from "../state/auth";

export const EMAIL_LANGUAGE_ANSWER_KEY = "orderservice.emailLanguageAnswer";

/** The storefront's and the account's languages as one answer: asked about once, not at every page. */
function pair(storefront: string, account: string): string {
  return `${storefront}:${account}`;
}

function answered(): string | null {
  try {
    return localStorage.getItem(EMAIL_LANGUAGE_ANSWER_KEY);
  } catch {
    return null;
  }
}

function remember(answer: string): void {
  try {
    localStorage.setItem(EMAIL_LANGUAGE_ANSWER_KEY, answer);
  } catch {
    // Private mode without storage: the answer lasts for this page only.
  }
}

/**
 * The storefront's language is the visitor's choice and never changes the account; when it differs from the
 * language the account's e-mails come in, this asks once whether the e-mails should follow it.
 */
export function EmailLanguagePrompt() {
  const { t } = useTranslation();
  const { user, saveLanguage } = useAuth();
  const [dismissed, setDismissed] = useState<string | null>(answered);
  const storefront = currentLanguage();
  if (!user?.language || user.language === storefront) return null;
  const asked = pair(storefront, user.language);
  if (dismissed === asked) return null;

  function answer(switchEmails: boolean) {
    remember(asked);
    setDismissed(asked);
    if (switchEmails) void saveLanguage(storefront as AccountLanguage).catch(() => undefined);
  }

  const names = { storefront: t(`languages.${storefront}`), account: t(`languages.${user.language}`) };
  return (
    <div className="container email-language-prompt" role="status">
      <span>{t("emailLanguage.question", names)}</span>{" "}
      <button type="button" className="btn btn-primary" onClick={() => answer(true)}>
        {t("emailLanguage.switch", names)}
      </button>{" "}
      <button type="button" className="btn btn-secondary" onClick={() => answer(false)}>
        {t("emailLanguage.keep", names)}
      </button>
    </div>
  );
}
