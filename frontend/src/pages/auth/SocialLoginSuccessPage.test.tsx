import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { REFRESH_STORAGE_KEY } from "../../api/client";
import { ME, fakeApi } from "../../test/fakeApi";
import { renderPage } from "../../test/renderPage";

describe("social login", () => {
  it("keeps the tokens from the fragment, wipes the fragment and loads the user", async () => {
    const server = fakeApi({ "GET /api/v1/users/me/": { body: ME } });
    window.history.replaceState(null, "", "/social-login-success#access=acc-1&refresh=ref-1");
    renderPage("/social-login-success#access=acc-1&refresh=ref-1", { loggedIn: false });

    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(/^\/$/));
    expect(window.location.hash).toBe("");
    expect(localStorage.getItem(REFRESH_STORAGE_KEY)).toBe("ref-1");
    expect(server.callsTo("GET", "/api/v1/users/me/")[0].headers.authorization).toBe("Bearer acc-1");
  });

  it("explains a landing without tokens", async () => {
    fakeApi({});
    renderPage("/social-login-success", { loggedIn: false });
    expect(await screen.findByRole("heading", { name: "Sign-in didn't finish" })).toBeInTheDocument();
    expect(localStorage.getItem(REFRESH_STORAGE_KEY)).toBeNull();
  });

  it("explains an e-mail that another account already uses", async () => {
    fakeApi({});
    renderPage("/social-login-success#error=email_in_use", { loggedIn: false });
    expect(await screen.findByText(/An account with this e-mail already exists/)).toBeInTheDocument();
  });
});
