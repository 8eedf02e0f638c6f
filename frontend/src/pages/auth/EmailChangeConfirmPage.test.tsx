import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeApi } from "../../test/fakeApi";
import { renderPage } from "../../test/renderPage";

describe("e-mail change links", () => {
  it("confirms the new address once", async () => {
    const server = fakeApi({ "POST /api/v1/users/me/email/confirm/abc.def_ghi/": { body: { detail: "ok" } } });
    renderPage("/confirm-email-change/abc.def_ghi", { loggedIn: false });
    expect(await screen.findByText("Your e-mail address is changed.")).toBeInTheDocument();
    expect(server.calls.filter((call) => call.path.includes("/email/confirm/"))).toHaveLength(1);
  });

  it("undoes a change from the old address and leads to a new password", async () => {
    const server = fakeApi({ "POST /api/v1/users/me/email/undo/abc.def_ghi/": { body: { detail: "ok" } } });
    renderPage("/undo-email-change/abc.def_ghi", { loggedIn: false });
    expect(await screen.findByText(/Your previous e-mail address is back/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Forgot your password?" })).toHaveAttribute("href", "/forgot-password");
    expect(server.callsTo("POST", "/api/v1/users/me/email/undo/abc.def_ghi/")).toHaveLength(1);
  });

  it("shows why an undo link no longer works", async () => {
    fakeApi({ "POST /api/v1/users/me/email/undo/old/": { status: 404, body: { detail: "This link is invalid or has expired." } } });
    renderPage("/undo-email-change/old", { loggedIn: false });
    expect(await screen.findByText("This link is invalid or has expired.")).toBeInTheDocument();
  });
});
