import { ApiError } from "../../api/client";
import i18n from "../../i18n";

/**
 * The API takes the password once, so the repeat is compared here; a mismatch is raised as the 400 the
 * form would get from the server, so it shows under the repeat input like any field error.
 */
export function requireSamePasswords(password: string, repeated: string): void {
  if (password !== repeated) throw new ApiError(400, { password_confirm: [i18n.t("errors.passwordsDiffer")] });
}
