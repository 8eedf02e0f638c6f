import { useState } from "react";
import type { ContactInput } from "../api/types";
import { Alert, TextField } from "./ui";
import { useSubmit } from "./useSubmit";

const EMPTY: ContactInput = {
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

const FIELDS: { name: keyof ContactInput; label: string; type?: string; autoComplete?: string; optional?: boolean }[] = [
  { name: "first_name", label: "First name", autoComplete: "given-name" },
  { name: "last_name", label: "Last name", autoComplete: "family-name" },
  { name: "email", label: "E-mail", type: "email", autoComplete: "email" },
  { name: "phone", label: "Phone", type: "tel", autoComplete: "tel" },
  { name: "city", label: "City", autoComplete: "address-level2" },
  { name: "street", label: "Street", autoComplete: "address-line1" },
  { name: "house", label: "House" },
  { name: "structure", label: "Structure", optional: true },
  { name: "building", label: "Building", optional: true },
  { name: "apartment", label: "Apartment", optional: true },
];

interface Props {
  onSave(input: ContactInput): Promise<void>;
  onCancel?: () => void;
}

/** A new delivery address; the server's field errors show next to their inputs. */
export function ContactForm({ onSave, onCancel }: Props) {
  const [form, setForm] = useState<ContactInput>(EMPTY);
  const { submit, busy, error, fieldErrors } = useSubmit(async () => {
    const input = Object.fromEntries(Object.entries(form).filter(([, value]) => value !== "")) as ContactInput;
    await onSave(input);
  });

  return (
    <form
      className="contact-form"
      aria-label="New delivery address"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      noValidate
    >
      {error && <Alert>{error}</Alert>}
      <div className="form-grid">
        {FIELDS.map(({ name, label, type = "text", autoComplete, optional }) => {
          const id = `contact-${name}`;
          return (
            <TextField
              key={name}
              id={id}
              label={optional ? `${label} (optional)` : label}
              name={name}
              type={type}
              autoComplete={autoComplete}
              required={!optional}
              value={form[name] ?? ""}
              onChange={(value) => setForm({ ...form, [name]: value })}
              errors={fieldErrors[name]}
            />
          );
        })}
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? "Saving…" : "Save address"}
        </button>
        {onCancel && (
          <button type="button" className="btn btn-link" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
