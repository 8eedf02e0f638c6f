import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeApi } from "../../test/fakeApi";
import { renderPage } from "../../test/renderPage";

describe("check your e-mail", () => {
  it("names the address the confirmation link went to", async () => {
    fakeApi({});
    renderPage("/check-email?email=ann%40example.com", { loggedIn: false });
    expect(await screen.findByRole("heading", { name: "Check your e-mail" })).toBeInTheDocument();
    expect(screen.getByText("ann@example.com").tagName).toBe("STRONG");
  });
});
