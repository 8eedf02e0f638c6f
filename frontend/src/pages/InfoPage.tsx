import { useEffect, useState } from "react";
import { useParams } from "react-router";
import { api } from "../api/endpoints";
import type { CmsPage } from "../api/types";
import { BackLink, EmptyState, Loading, PageTitle } from "../components/ui";

const SKIPPED = new Set(["id", "meta", "title"]);

/** Renders one field of a Wagtail API v2 page: rich text (HTML string) or a StreamField block list. */
function CmsField({ value }: { value: unknown }) {
  if (typeof value === "string") {
    return /<[a-z][\s\S]*>/i.test(value) ? (
      // Rich text written by our own editors in the Wagtail admin.
      <div className="rich-text" dangerouslySetInnerHTML={{ __html: value }} />
    ) : (
      <p>{value}</p>
    );
  }
  if (Array.isArray(value)) {
    return (
      <>
        {value.map((block, index) => {
          const item = block as { type?: string; value?: unknown; id?: string };
          if (item.type === "heading" && typeof item.value === "string") return <h2 key={item.id ?? index}>{item.value}</h2>;
          return <CmsField key={item.id ?? index} value={item.value} />;
        })}
      </>
    );
  }
  return null;
}

/** A content page (delivery, returns, about…) published from the CMS under /api/cms/. */
export function InfoPage() {
  const { slug = "" } = useParams();
  const [page, setPage] = useState<CmsPage | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    setPage(undefined);
    api.cmsPageBySlug(slug).then(
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
      <EmptyState title="This page isn't available" icon="📄">
        <BackLink to="/">Back to the shop</BackLink>
      </EmptyState>
    );
  }
  const fields = Object.entries(page).filter(([key, value]) => !SKIPPED.has(key) && (typeof value === "string" || Array.isArray(value)));
  return (
    <article className="card info-page">
      <PageTitle>{page.title}</PageTitle>
      {fields.map(([key, value]) => (
        <CmsField key={key} value={value} />
      ))}
    </article>
  );
}
