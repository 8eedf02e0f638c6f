import { useEffect, useState, type ChangeEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ApiError, errorMessage } from "../api/client";
import { api, rows } from "../api/endpoints";
import type { AccountLanguage, Contact } from "../api/types";
import { LanguageSelect } from "../components/Layout";
import { Alert, PageTitle, TextField } from "../components/ui";
import { useSubmit } from "../components/useSubmit";
import { useAuth } from "../state/auth";

const MAX_AVATAR_BYTES = 10 * 1024 * 1024;

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export function ProfilePage() {
  const { t } = useTranslation();
  const { user, reloadUser, logout } = useAuth();
  const navigate = useNavigate();
  const [names, setNames] = useState({ first_name: user?.first_name ?? "", last_name: user?.last_name ?? "" });
  const [saved, setSaved] = useState(false);
  const [avatarMessage, setAvatarMessage] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const [uploading, setUploading] = useState(false);

  useEffect(() => {
    if (user) setNames({ first_name: user.first_name, last_name: user.last_name });
  }, [user]);

  const { submit, busy, error, fieldErrors } = useSubmit(async () => {
    setSaved(false);
    await api.updateProfile(names);
    await reloadUser();
    setSaved(true);
  });

  async function uploadAvatar(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    if (!file.type.startsWith("image/")) {
      setAvatarMessage({ kind: "error", text: t("profile.chooseImage") });
      return;
    }
    if (file.size > MAX_AVATAR_BYTES) {
      setAvatarMessage({ kind: "error", text: t("profile.tooLargeMb") });
      return;
    }
    const form = new FormData();
    form.append("avatar", file);
    setUploading(true);
    setAvatarMessage(null);
    try {
      await api.updateProfile(form);
      await reloadUser();
      setAvatarMessage({ kind: "success", text: t("profile.photoSaved") });
    } catch (caught) {
      const text =
        caught instanceof ApiError && caught.status === 413
          ? t("profile.tooLarge")
          : caught instanceof ApiError
            ? (caught.fieldErrors.avatar?.join(" ") ?? caught.message)
            : errorMessage(caught);
      setAvatarMessage({ kind: "error", text });
    } finally {
      setUploading(false);
    }
  }

  if (!user) return null;
  const avatar = user.avatar?.thumbnail ?? user.avatar?.original;
  const initials = `${user.first_name[0] ?? ""}${user.last_name[0] ?? ""}` || user.email[0];

  return (
    <>
      <PageTitle sub={user.email} title={t("profile.title")}>
        {t("profile.title")}
      </PageTitle>
      <div className="profile-layout">
        <section className="card avatar-card" aria-labelledby="avatar-title">
          <h2 id="avatar-title">{t("profile.photo")}</h2>
          <div className="avatar">
            {avatar ? <img src={avatar} alt={t("profile.yourPhoto")} /> : <span aria-hidden="true">{initials}</span>}
          </div>
          <label className="btn btn-secondary file-button">
            {uploading ? t("profile.uploading") : t("profile.upload")}
            <input type="file" accept="image/*" onChange={uploadAvatar} disabled={uploading} className="visually-hidden" />
          </label>
          {avatarMessage && <Alert kind={avatarMessage.kind}>{avatarMessage.text}</Alert>}
        </section>
        <div className="profile-sections">
          <Section id="details-title" title={t("profile.details")}>
            {saved && <Alert kind="success">{t("common.saved")}</Alert>}
            {error && <Alert>{error}</Alert>}
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void submit();
              }}
            >
              <div className="field-row">
                <TextField
                  id="profile-first"
                  label={t("common.firstName")}
                  autoComplete="given-name"
                  value={names.first_name}
                  onChange={(value) => setNames({ ...names, first_name: value })}
                  errors={fieldErrors.first_name}
                />
                <TextField
                  id="profile-last"
                  label={t("common.lastName")}
                  autoComplete="family-name"
                  value={names.last_name}
                  onChange={(value) => setNames({ ...names, last_name: value })}
                  errors={fieldErrors.last_name}
                />
              </div>
              <button type="submit" className="btn btn-primary" disabled={busy}>
                {busy ? t("common.saving") : t("common.save")}
              </button>
            </form>
          </Section>
          <Section id="language-title" title={t("profile.languageTitle")}>
            <p className="muted small">{t("profile.languageHint")}</p>
            <EmailLanguage />
          </Section>
          <ChangePassword />
          <ChangeEmail />
          <SavedAddresses />
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => void logout().finally(() => navigate("/", { replace: true }))}
          >
            {t("profile.logout")}
          </button>
        </div>
      </div>
    </>
  );
}

function ChangePassword() {
  const { t } = useTranslation();
  const [passwords, setPasswords] = useState({ old: "", new: "" });
  const [done, setDone] = useState(false);
  const { submit, busy, error, fieldErrors } = useSubmit(async () => {
    setDone(false);
    await api.changePassword(passwords.old, passwords.new);
    setPasswords({ old: "", new: "" });
    setDone(true);
  });
  return (
    <Section id="password-title" title={t("profile.passwordTitle")}>
      {done && <Alert kind="success">{t("profile.passwordChanged")}</Alert>}
      {error && <Alert>{error}</Alert>}
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <TextField
          id="password-old"
          label={t("profile.oldPassword")}
          type="password"
          autoComplete="current-password"
          value={passwords.old}
          onChange={(value) => setPasswords({ ...passwords, old: value })}
          errors={fieldErrors.old_password}
        />
        <TextField
          id="password-new"
          label={t("profile.newPassword")}
          type="password"
          autoComplete="new-password"
          value={passwords.new}
          onChange={(value) => setPasswords({ ...passwords, new: value })}
          errors={fieldErrors.new_password}
          hint={t("auth.passwordHint")}
        />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t("common.saving") : t("profile.changePassword")}
        </button>
      </form>
    </Section>
  );
}

function ChangeEmail() {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { submit, busy, error, fieldErrors } = useSubmit(async () => {
    setSentTo(null);
    await api.changeEmail(email, password);
    setSentTo(email);
    setEmail("");
    setPassword("");
  });
  return (
    <Section id="email-title" title={t("profile.emailTitle")}>
      {sentTo && <Alert kind="success">{t("profile.emailSent", { email: sentTo })}</Alert>}
      {error && <Alert>{error}</Alert>}
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <TextField
          id="email-new"
          label={t("profile.newEmail")}
          type="email"
          autoComplete="email"
          value={email}
          onChange={setEmail}
          errors={fieldErrors.email}
        />
        <TextField
          id="email-password"
          label={t("profile.oldPassword")}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          errors={fieldErrors.password}
        />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t("auth.sending") : t("profile.changeEmail")}
        </button>
      </form>
    </Section>
  );
}

function SavedAddresses() {
  const { t } = useTranslation();
  const [contacts, setContacts] = useState<Contact[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.contacts().then(
      (answer) => setContacts(rows(answer)),
      (caught: unknown) => setError(errorMessage(caught)),
    );
  }, []);

  async function remove(contact: Contact) {
    setError(null);
    try {
      await api.deleteContact(contact.id);
      setContacts((current) => (current ?? []).filter((item) => item.id !== contact.id));
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <Section id="addresses-title" title={t("profile.addressesTitle")}>
      {error && <Alert>{error}</Alert>}
      {contacts?.length === 0 && <p className="muted">{t("profile.noAddresses")}</p>}
      {contacts && contacts.length > 0 && (
        <ul className="address-list">
          {contacts.map((contact) => {
            const address = `${contact.city}, ${contact.street} ${contact.house}${
              contact.apartment ? t("checkout.apartmentShort", { apartment: contact.apartment }) : ""
            }`;
            return (
              <li key={contact.id}>
                <span>
                  {contact.first_name} {contact.last_name} · {address}
                </span>
                <button
                  type="button"
                  className="btn btn-link danger"
                  aria-label={t("profile.deleteAddress", { address })}
                  onClick={() => void remove(contact)}
                >
                  {t("common.delete")}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}

/** The account's e-mail language: changed here only, never by the storefront's language picker. */
function EmailLanguage() {
  const { t } = useTranslation();
  const { user, saveLanguage } = useAuth();
  const [error, setError] = useState<string | null>(null);
  if (!user) return null;

  function choose(next: AccountLanguage) {
    setError(null);
    saveLanguage(next).catch((caught: unknown) => setError(errorMessage(caught)));
  }

  return (
    <>
      <LanguageSelect
        className="email-language"
        label={t("profile.languageTitle")}
        value={user.language}
        onChange={choose}
      />
      {error && <Alert>{error}</Alert>}
    </>
  );
}
