import { useTranslation } from "react-i18next";
import type { FieldErrors } from "../api/client";
import type { ContactInput } from "../api/types";
import { TextField } from "./ui";

/** `label` is a translation key. */
const FIELDS: { name: keyof ContactInput; label: string; type?: string; autoComplete?: string; optional?: boolean }[] = [
  { name: "first_name", label: "common.firstName", autoComplete: "given-name" },
  { name: "last_name", label: "common.lastName", autoComplete: "family-name" },
  { name: "email", label: "contact.email", type: "email", autoComplete: "email" },
  { name: "phone", label: "contact.phone", type: "tel", autoComplete: "tel" },
  { name: "city", label: "contact.city", autoComplete: "address-level2" },
  { name: "street", label: "contact.street", autoComplete: "address-line1" },
  { name: "house", label: "contact.house" },
  { name: "structure", label: "contact.structure", optional: true },
  { name: "building", label: "contact.building", optional: true },
  { name: "apartment", label: "contact.apartment", optional: true },
];

export const EMPTY_CONTACT: ContactInput = {
  first_name: "",
  last_name: "",
  email: "",
  phone: "",
  city: "",
  street: "",
  house: "",
  structure: "",
  building: "",
  apartment: "",
};

/** The filled-in fields only: the API takes the optional ones as absent rather than empty. */
export function contactPayload(form: ContactInput): ContactInput {
  return Object.fromEntries(Object.entries(form).filter(([, value]) => value !== "")) as ContactInput;
}

interface Props {
  value: ContactInput;
  onChange(value: ContactInput): void;
  errors: FieldErrors;
}

/** The contact and delivery address inputs; the server's field errors show next to them. */
export function ContactFields({ value, onChange, errors }: Props) {
  const { t } = useTranslation();
  return (
    <div className="form-grid">
      {FIELDS.map(({ name, label, type = "text", autoComplete, optional }) => (
        <TextField
          key={name}
          id={`contact-${name}`}
          label={optional ? t("common.optional", { label: t(label) }) : t(label)}
          name={name}
          type={type}
          autoComplete={autoComplete}
          required={!optional}
          value={value[name] ?? ""}
          onChange={(text) => onChange({ ...value, [name]: text })}
          errors={errors[name]}
        />
      ))}
    </div>
  );
}
