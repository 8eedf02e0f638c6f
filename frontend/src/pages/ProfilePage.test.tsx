import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
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
});
