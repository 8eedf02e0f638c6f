import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { usePageTitle } from "../components/usePageTitle";
import { api } from "../api/endpoints";
import type { CmsInfoPage } from "../api/types";
import { BackLink, EmptyState, Loading, PageTitle } from "../components/ui";

/** A content page (delivery and returns, about…) published from the CMS under /api/cms/. */
export function InfoPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const [page, setPage] = useState<CmsInfoPage | null | undefined>(undefined);
  usePageTitle(page === null ? t("notFound.infoTitle") : page?.title);

  useEffect(() => {
    let live = true;
    setPage(undefined);
    api.cmsInfoPage(slug).then(
      (found) => live && setPage(found),
      () => live && setPage(null),
    );
    return () => {
      live = false;
    };
  }, [slug]);

  if (page === undefined) return <Loading />;
  if (page === null) {
    return (
      <EmptyState title={t("notFound.infoTitle")} icon="page">
        <BackLink to="/">{t("common.backToShop")}</BackLink>
      </EmptyState>
    );
  }
  return (
    <article className="card info-page">
      <PageTitle sub={page.intro}>{page.title}</PageTitle>
      {/* Rich text written by our own editors in the Wagtail admin and rendered by Wagtail. */}
      {page.body && <div className="rich-text" dangerouslySetInnerHTML={{ __html: page.body }} />}
    </article>
  );
}
