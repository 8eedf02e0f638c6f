import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeApi } from "../../test/fakeApi";
import { renderPage } from "../../test/renderPage";

describe("forgot password", () => {
  it("asks for a link without telling whether the account exists", async () => {
    const server = fakeApi({ "POST /api/v1/password-reset/": { status: 202, body: {} } });
    const user = userEvent.setup();
    renderPage("/forgot-password", { loggedIn: false });
    await user.type(screen.getByLabelText("E-mail"), "who@example.com");
    await user.click(screen.getByRole("button", { name: "Send the link" }));
    expect(await screen.findByText(/If an account exists for/)).toBeInTheDocument();
    expect(server.callsTo("POST", "/api/v1/password-reset/")[0].body).toEqual({ email: "who@example.com" });
  });
});
