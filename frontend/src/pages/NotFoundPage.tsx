import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePageTitle } from "../components/usePageTitle";
import { EmptyState } from "../components/ui";

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t("notFound.title"));
  return (
    <EmptyState title={t("notFound.title")} icon="compass">
      <p>{t("notFound.text")}</p>
      <Link className="btn btn-primary" to="/">
        {t("notFound.toCatalogue")}
      </Link>
    </EmptyState>
  );
}
