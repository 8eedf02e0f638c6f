import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { REFRESH_STORAGE_KEY } from "../api/client";
import { ME, fakeApi } from "../test/fakeApi";
import { renderPage } from "../test/renderPage";

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

  it("offers Google and GitHub on the login page", async () => {
    fakeApi({});
    renderPage("/login", { loggedIn: false });
    expect(await screen.findByRole("link", { name: "Google" })).toHaveAttribute("href", "/api/v1/auth/login/google-oauth2/");
    expect(screen.getByRole("link", { name: "GitHub" })).toHaveAttribute("href", "/api/v1/auth/login/github/");
  });
});

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

describe("register and log in", () => {
  it("shows the server's field errors next to the inputs", async () => {
    fakeApi({
      "POST /api/v1/register/": { status: 400, body: { email: ["A user with this e-mail already exists."] } },
    });
    const user = userEvent.setup();
    renderPage("/register", { loggedIn: false });
    await user.type(screen.getByLabelText("E-mail"), "ann@example.com");
    await user.type(screen.getByLabelText("Password"), "Sturdy-passw0rd");
    await user.type(screen.getByLabelText("Repeat the password"), "Sturdy-passw0rd");
    await user.click(screen.getByRole("button", { name: "Create account" }));

    expect(await screen.findByText("A user with this e-mail already exists.")).toBeInTheDocument();
    expect(screen.getByLabelText("E-mail")).toHaveAttribute("aria-invalid", "true");
  });

  it("logs in, keeps the refresh token and returns to the page asked for", async () => {
    fakeApi({
      "POST /api/v1/login/": { body: { access: "acc", refresh: "ref", user_info: ME } },
      "GET /api/v1/users/me/": { body: ME },
      "GET /api/v1/cart/": { body: { id: 1, items: [], total_price: "0.00", updated_at: "" } },
    });
    const user = userEvent.setup();
    renderPage("/login?next=%2Fcart", { loggedIn: false });
    await user.type(screen.getByLabelText("E-mail"), "ann@example.com");
    await user.type(screen.getByLabelText("Password"), "secret");
    await user.click(screen.getByRole("button", { name: "Log in" }));

    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/cart"));
    expect(localStorage.getItem(REFRESH_STORAGE_KEY)).toBe("ref");
  });

  it("never follows an off-site next= after login", async () => {
    fakeApi({
      "POST /api/v1/login/": { body: { access: "acc", refresh: "ref", user_info: ME } },
      "GET /api/v1/users/me/": { body: ME },
      "GET /api/v1/cart/": { body: { id: 1, items: [], total_price: "0.00", updated_at: "" } },
    });
    const user = userEvent.setup();
    renderPage("/login?next=%2F%2Fevil.example", { loggedIn: false });
    await user.type(screen.getByLabelText("E-mail"), "ann@example.com");
    await user.type(screen.getByLabelText("Password"), "secret");
    await user.click(screen.getByRole("button", { name: "Log in" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(/^\/$/));
  });
});

describe("password reset", () => {
  it("asks for a link without telling whether the account exists", async () => {
    const server = fakeApi({ "POST /api/v1/password-reset/": { status: 202, body: {} } });
    const user = userEvent.setup();
    renderPage("/forgot-password", { loggedIn: false });
    await user.type(screen.getByLabelText("E-mail"), "who@example.com");
    await user.click(screen.getByRole("button", { name: "Send the link" }));
    expect(await screen.findByText(/If an account exists for/)).toBeInTheDocument();
    expect(server.callsTo("POST", "/api/v1/password-reset/")[0].body).toEqual({ email: "who@example.com" });
  });

  it("sets the new password with the token from the e-mailed link", async () => {
    const server = fakeApi({ "POST /api/v1/password-reset/confirm/": { body: { detail: "ok" } } });
    const user = userEvent.setup();
    renderPage("/reset-password/tok-123", { loggedIn: false });
    await user.type(screen.getByLabelText("New password"), "Brand-new-passw0rd");
    await user.type(screen.getByLabelText("Repeat the new password"), "Brand-new-passw0rd");
    await user.click(screen.getByRole("button", { name: "Save the new password" }));
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
    const user = userEvent.setup();
    renderPage("/reset-password?token=used", { loggedIn: false });
    await user.type(screen.getByLabelText("New password"), "Brand-new-passw0rd");
    await user.type(screen.getByLabelText("Repeat the new password"), "Brand-new-passw0rd");
    await user.click(screen.getByRole("button", { name: "Save the new password" }));
    expect(await screen.findByText(/invalid, used or expired/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Ask for a new link" })).toHaveAttribute("href", "/forgot-password");
  });
});
