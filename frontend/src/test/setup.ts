import "@testing-library/jest-dom/vitest";
import { changeLanguage } from "../i18n";
import { cleanup } from "@testing-library/react";
import { afterEach, vi } from "vitest";
import { client } from "../api/endpoints";

afterEach(async () => {
  await changeLanguage("en", { remember: false });
  cleanup();
  client.clearTokens();
  localStorage.clear();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});
