import "@testing-library/jest-dom/vitest";
import { changeLanguage } from "../i18n";
import { cleanup, configure } from "@testing-library/react";
import { afterEach, vi } from "vitest";
import { client } from "../api/endpoints";

// The machine is shared with other test runs; findBy* waits up to 5 s rather than 1 s for a first render.
configure({ asyncUtilTimeout: 5000 });

afterEach(async () => {
  await changeLanguage("en", { remember: false });
  cleanup();
  client.clearTokens();
  localStorage.clear();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});
