import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { client } from "../api/endpoints";
import type { Me } from "../api/types";
import { ME, fakeApi } from "../test/fakeApi";
import { renderPage } from "../test/renderPage";

const photo = () => new File([new Uint8Array([137, 80, 78, 71])], "me.png", { type: "image/png" });

describe("ProfilePage", () => {
  it("uploads an avatar as multipart and shows it", async () => {
    let me: Me = { ...ME, user_type: "client" };
    const server = fakeApi({
      "GET /api/v1/users/me/": () => ({ body: me }),
      "GET /api/v1/cart/": { body: { id: 1, items: [], total_price: "0.00", updated_at: "" } },
      "PATCH /api/v1/profile/": () => {
        me = { ...me, avatar: { original: "/media/avatars/me.png", thumbnail: null } };
        return { body: me };
      },
    });
    const user = userEvent.setup();
    renderPage("/profile");

    await user.upload(await screen.findByLabelText("Upload a photo"), photo());

    expect(await screen.findByText(/Your new photo is saved/)).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "Your photo" })).toHaveAttribute("src", "/media/avatars/me.png");
    const sent = server.callsTo("PATCH", "/api/v1/profile/")[0].body as FormData;
    expect((sent.get("avatar") as File).name).toBe("me.png");
  });

  it("explains an image the server finds too large", async () => {
    fakeApi({
      "GET /api/v1/users/me/": { body: ME },
      "GET /api/v1/cart/": { body: { id: 1, items: [], total_price: "0.00", updated_at: "" } },
      "PATCH /api/v1/profile/": { status: 413, body: { detail: "Too large." } },
    });
    const user = userEvent.setup();
    renderPage("/profile");
    await user.upload(await screen.findByLabelText("Upload a photo"), photo());
    expect(await screen.findByText("This image is too large.")).toBeInTheDocument();
  });

  it("saves the names", async () => {
    const server = fakeApi({
      "GET /api/v1/users/me/": { body: ME },
      "GET /api/v1/cart/": { body: { id: 1, items: [], total_price: "0.00", updated_at: "" } },
      "PATCH /api/v1/profile/": { body: { ...ME, first_name: "Annie" } },
    });
    const user = userEvent.setup();
    renderPage("/profile");
    const first = await screen.findByLabelText("First name");
    await user.clear(first);
    await user.type(first, "Annie");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    expect(server.callsTo("PATCH", "/api/v1/profile/")[0].body).toEqual({ first_name: "Annie", last_name: "Lee" });
  });

  it("changes the e-mail language only here, leaving the storefront's language as it is", async () => {
    const server = fakeApi({
      "GET /api/v1/users/me/": { body: ME },
      "GET /api/v1/cart/": { body: { id: 1, items: [], total_price: "0.00", updated_at: "" } },
      "PATCH /api/v1/profile/": (call) => ({ body: { ...ME, ...(call.body as object) } }),
    });
    const user = userEvent.setup();
    renderPage("/profile");
    const select = await screen.findByRole("combobox", { name: "E-mail language" });

    await user.selectOptions(select, "ru");

    await waitFor(() => expect(server.callsTo("PATCH", "/api/v1/profile/")[0]?.body).toEqual({ language: "ru" }));
    await waitFor(() => expect(select).toHaveValue("ru"));
    expect(document.documentElement.lang).toBe("en");
  });

  it("asks for the current password to change the e-mail address", async () => {
    const server = fakeApi({
      "GET /api/v1/users/me/": { body: ME },
      "GET /api/v1/cart/": { body: { id: 1, items: [], total_price: "0.00", updated_at: "" } },
      "POST /api/v1/users/me/email/": { status: 202, body: { detail: "On its way." } },
    });
    const user = userEvent.setup();
    renderPage("/profile");
    await user.type(await screen.findByLabelText("New e-mail"), "new@example.com");
    const passwords = screen.getAllByLabelText("Current password");
    await user.type(passwords[passwords.length - 1], "my-secret");
    await user.click(screen.getByRole("button", { name: "Send a confirmation link" }));
    expect(await screen.findByText(/We sent a link to new@example.com/)).toBeInTheDocument();
    expect(server.callsTo("POST", "/api/v1/users/me/email/")[0].body).toEqual({
      email: "new@example.com",
      password: "my-secret",
    });
  });

  it("keeps this device logged in with the new pair after a password change", async () => {
    const server = fakeApi({
      "GET /api/v1/users/me/": { body: ME },
      "GET /api/v1/cart/": { body: { id: 1, items: [], total_price: "0.00", updated_at: "" } },
      "POST /api/v1/users/me/password/": { body: { detail: "Changed.", access: "new-access", refresh: "new-refresh" } },
    });
    const user = userEvent.setup();
    renderPage("/profile");
    const passwords = await screen.findAllByLabelText("Current password");
    await user.type(passwords[0], "old-secret");
    await user.type(screen.getByLabelText("New password"), "Fresh-Copper-Kettle-7");
    await user.click(screen.getByRole("button", { name: "Change password" }));
    expect(await screen.findByText(/password is changed|password has been changed/i)).toBeInTheDocument();
    expect(client.getRefreshToken()).toBe("new-refresh");
    expect(server.callsTo("POST", "/api/v1/users/me/password/")).toHaveLength(1);
  });
});
