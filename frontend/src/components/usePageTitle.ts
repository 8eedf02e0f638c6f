import { useEffect } from "react";
import { useTranslation } from "react-i18next";

/** "Your cart · Order Service": each page names itself in the tab, in the chosen language. */
export function usePageTitle(title: string | null | undefined): void {
  const { t } = useTranslation();
  const suffix = t("app.titleSuffix");
  useEffect(() => {
    document.title = title ? `${title} · ${suffix}` : suffix;
  }, [title, suffix]);
}
