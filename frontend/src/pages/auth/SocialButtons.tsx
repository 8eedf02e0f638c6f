import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/endpoints";
import type { AuthProvider } from "../../api/types";

const ICONS: Record<string, { className: string; glyph: string }> = {
  "google-oauth2": { className: "google", glyph: "G" },
  github: { className: "github", glyph: "⌥" },
};

/** Google and GitHub sign-in under the login and register forms: only the providers the server is set up for. */
export function SocialButtons() {
  const { t } = useTranslation();
  const [providers, setProviders] = useState<AuthProvider[]>([]);
  useEffect(() => {
    let live = true;
    api.authProviders().then(
      (answer) => live && setProviders(answer),
      () => live && setProviders([]),
    );
    return () => {
      live = false;
    };
  }, []);

  if (providers.length === 0) return null;
  return (
    <div className="social">
      <p className="divider">
        <span>{t("auth.orContinue")}</span>
      </p>
      <div className="social-buttons">
        {providers.map((provider) => (
          <a key={provider.id} className="btn btn-social" href={provider.login_url}>
            <span aria-hidden="true" className={`social-icon ${ICONS[provider.id]?.className ?? ""}`}>
              {ICONS[provider.id]?.glyph ?? provider.name[0]}
            </span>
            {provider.name}
          </a>
        ))}
      </div>
    </div>
  );
}
