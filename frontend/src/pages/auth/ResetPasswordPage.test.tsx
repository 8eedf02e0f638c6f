import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeApi } from "../../test/fakeApi";
import { renderPage } from "../../test/renderPage";

async function chooseNewPassword(path: string) {
  const user = userEvent.setup();
  renderPage(path, { loggedIn: false });
  await user.type(screen.getByLabelText("New password"), "Brand-new-passw0rd");
  await user.type(screen.getByLabelText("Repeat the new password"), "Brand-new-passw0rd");
  await user.click(screen.getByRole("button", { name: "Save the new password" }));
}

describe("reset password", () => {
  it("sets the new password with the token from the e-mailed link", async () => {
    const server = fakeApi({ "POST /api/v1/password-reset/confirm/": { body: { detail: "ok" } } });
    await chooseNewPassword("/reset-password/tok-123");
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/login?reset=1"));
    expect(server.callsTo("POST", "/api/v1/password-reset/confirm/")[0].body).toEqual({
      token: "tok-123",
      password: "Brand-new-passw0rd",
    });
  });

  it("says when the link was used or expired, and reads ?token= too", async () => {
    fakeApi({
      "POST /api/v1/password-reset/confirm/": { status: 400, body: { token: ["This password reset link is invalid, used or expired."] } },
    });
    await chooseNewPassword("/reset-password?token=used");
    expect(await screen.findByText(/invalid, used or expired/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Ask for a new link" })).toHaveAttribute("href", "/forgot-password");
  });

  it("won't submit a link that lost its token", async () => {
    fakeApi({});
    renderPage("/reset-password", { loggedIn: false });
    expect(await screen.findByText(/This link is incomplete/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save the new password" })).toBeDisabled();
  });
});
