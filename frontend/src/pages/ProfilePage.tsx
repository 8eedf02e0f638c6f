import { useEffect, useState, type ChangeEvent } from "react";
import { useNavigate } from "react-router";
import { ApiError, errorMessage } from "../api/client";
import { api } from "../api/endpoints";
import { Alert, PageTitle, TextField } from "../components/ui";
import { useSubmit } from "../components/useSubmit";
import { useAuth } from "../state/auth";

const MAX_AVATAR_BYTES = 10 * 1024 * 1024;

export function ProfilePage() {
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
      setAvatarMessage({ kind: "error", text: "Please choose an image (JPEG, PNG, GIF or WebP)." });
      return;
    }
    if (file.size > MAX_AVATAR_BYTES) {
      setAvatarMessage({ kind: "error", text: "This image is larger than 10 MB." });
      return;
    }
    const form = new FormData();
    form.append("avatar", file);
    setUploading(true);
    setAvatarMessage(null);
    try {
      await api.updateProfile(form);
      await reloadUser();
      setAvatarMessage({ kind: "success", text: "Your new photo is saved. The small version is ready in a moment." });
    } catch (caught) {
      const text =
        caught instanceof ApiError && caught.status === 413
          ? "This image is too large."
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
      <PageTitle sub={user.email}>Your profile</PageTitle>
      <div className="profile-layout">
        <section className="card avatar-card" aria-labelledby="avatar-title">
          <h2 id="avatar-title">Photo</h2>
          <div className="avatar">{avatar ? <img src={avatar} alt="Your photo" /> : <span aria-hidden="true">{initials}</span>}</div>
          <label className="btn btn-secondary file-button">
            {uploading ? "Uploading…" : "Upload a photo"}
            <input type="file" accept="image/*" onChange={uploadAvatar} disabled={uploading} className="visually-hidden" />
          </label>
          {avatarMessage && <Alert kind={avatarMessage.kind}>{avatarMessage.text}</Alert>}
        </section>
        <section className="card" aria-labelledby="details-title">
          <h2 id="details-title">Your details</h2>
          {saved && <Alert kind="success">Saved.</Alert>}
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
                label="First name"
                autoComplete="given-name"
                value={names.first_name}
                onChange={(value) => setNames({ ...names, first_name: value })}
                errors={fieldErrors.first_name}
              />
              <TextField
                id="profile-last"
                label="Last name"
                autoComplete="family-name"
                value={names.last_name}
                onChange={(value) => setNames({ ...names, last_name: value })}
                errors={fieldErrors.last_name}
              />
            </div>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? "Saving…" : "Save"}
            </button>
          </form>
          <hr />
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => void logout().finally(() => navigate("/", { replace: true }))}
          >
            Log out
          </button>
        </section>
      </div>
    </>
  );
}
