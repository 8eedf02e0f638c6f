import { useTranslation } from "react-i18next";
import { usePageTitle } from "./usePageTitle";
import type { InputHTMLAttributes, ReactNode } from "react";
import { Link } from "react-router";
import { Icon, type IconName } from "./icons";

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t("common.loading")}
    </div>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{t("common.loadFailed")}</p>
      <p>{message}</p>
      {onRetry && (
        <button type="button" className="btn btn-secondary" onClick={onRetry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}

export function EmptyState({
  title,
  children,
  icon = "cart",
}: {
  title: string;
  children?: ReactNode;
  icon?: IconName;
}) {
  return (
    <div className="state state-empty">
      <Icon name={icon} size={44} className="state-icon" />
      <p className="state-title">{title}</p>
      {children}
    </div>
  );
}

export function Alert({ kind = "error", children }: { kind?: "error" | "success" | "info"; children: ReactNode }) {
  return (
    <div className={`alert alert-${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

interface FieldProps {
  id: string;
  label: string;
  errors?: string[];
  hint?: string;
  children: ReactNode;
}

/** A labelled form control with its hint and error messages wired up for screen readers. */
function Field({ id, label, errors, hint, children }: FieldProps) {
  return (
    <div className={`field${errors?.length ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <small id={`${id}-hint`} className="field-hint">
          {hint}
        </small>
      )}
      {errors?.map((message) => (
        <small key={message} id={`${id}-error`} className="field-error">
          {message}
        </small>
      ))}
    </div>
  );
}

/** aria props for an input rendered inside <Field>. */
function describedBy(id: string, errors?: string[], hint?: string) {
  const ids = [hint ? `${id}-hint` : "", errors?.length ? `${id}-error` : ""].filter(Boolean).join(" ");
  return { "aria-invalid": errors?.length ? true : undefined, "aria-describedby": ids || undefined };
}

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "value" | "onChange"> {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  errors?: string[];
  hint?: string;
}

/** A <Field> holding one text-like input, its aria props derived from the same errors and hint. */
export function TextField({ id, label, value, onChange, errors, hint, ...input }: TextFieldProps) {
  return (
    <Field id={id} label={label} errors={errors} hint={hint}>
      <input
        id={id}
        {...input}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        {...describedBy(id, errors, hint)}
      />
    </Field>
  );
}

/** The page's heading; `title` (plain text) also names the browser tab. */
export function PageTitle({ children, sub, title }: { children: ReactNode; sub?: ReactNode; title?: string }) {
  usePageTitle(title ?? (typeof children === "string" ? children : null));
  return (
    <header className="page-title">
      <h1>{children}</h1>
      {sub && <p className="page-sub">{sub}</p>}
    </header>
  );
}

export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link className="back-link" to={to}>
      ← {children}
    </Link>
  );
}
