import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { REFRESH_STORAGE_KEY } from "../../api/client";
import { ME, fakeApi } from "../../test/fakeApi";
import { renderPage } from "../../test/renderPage";

/** Logs in successfully from `path`, so each test only states where the login must lead. */
async function logInFrom(path: string) {
  fakeApi({
    "POST /api/v1/login/": { body: { access: "acc", refresh: "ref", user_info: ME } },
    "GET /api/v1/users/me/": { body: ME },
    "GET /api/v1/cart/": { body: { id: 1, items: [], total_price: "0.00", updated_at: "" } },
  });
  const user = userEvent.setup();
  renderPage(path, { loggedIn: false });
  await user.type(screen.getByLabelText("E-mail"), "ann@example.com");
  await user.type(screen.getByLabelText("Password"), "secret");
  await user.click(screen.getByRole("button", { name: "Log in" }));
}

describe("log in", () => {
  it("logs in, keeps the refresh token and returns to the page asked for", async () => {
    await logInFrom("/login?next=%2Fcart");
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/cart"));
    expect(localStorage.getItem(REFRESH_STORAGE_KEY)).toBe("ref");
  });

  it("never follows an off-site next= after login", async () => {
    await logInFrom("/login?next=%2F%2Fevil.example");
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(/^\/$/));
  });

  it("says a refused login in words, not as a bare 401", async () => {
    fakeApi({ "POST /api/v1/login/": { status: 401, body: { detail: "No active account found." } } });
    const user = userEvent.setup();
    renderPage("/login", { loggedIn: false });
    await user.type(screen.getByLabelText("E-mail"), "ann@example.com");
    await user.type(screen.getByLabelText("Password"), "wrong");
    await user.click(screen.getByRole("button", { name: "Log in" }));
    expect(await screen.findByText(/Wrong e-mail or password/)).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/login$/);
  });

  it("offers the social providers the server lists, and none when it lists none", async () => {
    fakeApi({
      "GET /api/v1/auth/providers/": {
        body: [
          { id: "google-oauth2", name: "Google", login_url: "/api/v1/auth/login/google-oauth2/" },
          { id: "github", name: "GitHub", login_url: "/api/v1/auth/login/github/" },
        ],
      },
    });
    const { unmount } = renderPage("/login", { loggedIn: false });
    expect(await screen.findByRole("link", { name: "Google" })).toHaveAttribute("href", "/api/v1/auth/login/google-oauth2/");
    expect(screen.getByRole("link", { name: "GitHub" })).toHaveAttribute("href", "/api/v1/auth/login/github/");
    unmount();

    const server = fakeApi({ "GET /api/v1/auth/providers/": { body: [] } });
    renderPage("/login", { loggedIn: false });
    await waitFor(() => expect(server.callsTo("GET", "/api/v1/auth/providers/")).toHaveLength(1));
    expect(screen.queryByText("or continue with")).toBeNull();
  });
});
