import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeApi } from "../../test/fakeApi";
import { renderPage } from "../../test/renderPage";

async function register(password: string, repeated: string) {
  const user = userEvent.setup();
  renderPage("/register", { loggedIn: false });
  await user.type(screen.getByLabelText("E-mail"), "ann@example.com");
  await user.type(screen.getByLabelText("Password"), password);
  await user.type(screen.getByLabelText("Repeat the password"), repeated);
  await user.click(screen.getByRole("button", { name: "Create account" }));
}

describe("register", () => {
  it("shows the server's field errors next to the inputs", async () => {
    fakeApi({
      "POST /api/v1/register/": { status: 400, body: { email: ["Enter a valid email address."] } },
    });
    await register("Sturdy-passw0rd", "Sturdy-passw0rd");

    expect(await screen.findByText("Enter a valid email address.")).toBeInTheDocument();
    expect(screen.getByLabelText("E-mail")).toHaveAttribute("aria-invalid", "true");
  });

  it("sends the new account and asks to check the e-mail", async () => {
    const server = fakeApi({ "POST /api/v1/register/": { status: 201, body: {} } });
    await register("Sturdy-passw0rd", "Sturdy-passw0rd");

    await waitFor(() =>
      expect(screen.getByTestId("location")).toHaveTextContent("/check-email?email=ann%40example.com"),
    );
    expect(server.callsTo("POST", "/api/v1/register/")[0].body).toMatchObject({
      email: "ann@example.com",
      password: "Sturdy-passw0rd",
    });
  });

  it("stops a repeat that doesn't match before asking the server", async () => {
    const server = fakeApi({});
    await register("Sturdy-passw0rd", "Sturdy-passw0rx");

    expect(await screen.findByText("The passwords don't match.")).toBeInTheDocument();
    expect(screen.getByLabelText("Repeat the password")).toHaveAttribute("aria-invalid", "true");
    expect(server.callsTo("POST", "/api/v1/register/")).toHaveLength(0);
  });
});
