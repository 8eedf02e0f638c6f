import { useTranslation } from "react-i18next";
import { TextField } from "../../components/ui";

interface EmailFieldProps {
  id: string;
  value: string;
  onChange: (value: string) => void;
  errors?: string[];
}

/** The e-mail of an existing account, as the login and forgotten-password forms ask for it. */
export function EmailField(props: EmailFieldProps) {
  const { t } = useTranslation();
  return <TextField label={t("common.email")} type="email" autoComplete="email" required {...props} />;
}
