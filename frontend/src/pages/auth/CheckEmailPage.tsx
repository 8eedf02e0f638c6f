import { Trans, useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { AuthCard } from "./AuthCard";
import { rememberedNext, withNext } from "./next";
import { Icon } from "../../components/icons";
import { ResendConfirmation } from "./ResendConfirmation";

/** Where registration lands: the account waits for the e-mailed confirmation link. */
export function CheckEmailPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const email = params.get("email");
  return (
    <AuthCard title={t("auth.checkEmailTitle")}>
      <p className="big-icon">
        <Icon name="mail" size={48} />
      </p>
      <p>
        {email ? (
          <Trans i18nKey="auth.checkEmailSent" values={{ email }} components={{ 1: <strong /> }} />
        ) : (
          t("auth.checkEmailSentNoAddress")
        )}
      </p>
      <p className="muted">{t("auth.checkEmailSpam")}</p>
      {email && <ResendConfirmation email={email} />}
      <Link className="btn btn-secondary btn-block" to={withNext("/login", rememberedNext())}>
        {t("auth.goToLogin")}
      </Link>
    </AuthCard>
  );
}
