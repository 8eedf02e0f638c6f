import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeApi } from "../../test/fakeApi";
import { renderPage } from "../../test/renderPage";

describe("e-mail confirmation", () => {
  it("confirms the token from the e-mailed link once", async () => {
    const server = fakeApi({ "GET /api/v1/confirm-email/0b6c9a52-1f1e-4e55-9d43-6a1f0e1c2d3e/": { body: { detail: "ok" } } });
    renderPage("/confirm-email/0b6c9a52-1f1e-4e55-9d43-6a1f0e1c2d3e", { loggedIn: false });
    expect(await screen.findByRole("heading", { name: "E-mail confirmed" })).toBeInTheDocument();
    expect(server.calls.filter((call) => call.path.includes("confirm-email"))).toHaveLength(1);
  });

  it("says when the link has expired", async () => {
    fakeApi({
      "GET /api/v1/confirm-email/old/": { status: 400, body: { detail: "This link has expired; a new one is on its way." } },
    });
    renderPage("/confirm-email/old", { loggedIn: false });
    expect(await screen.findByText("This link has expired; a new one is on its way.")).toBeInTheDocument();
  });
});
