import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach, vi } from "vitest";
import { client } from "../api/endpoints";

afterEach(() => {
  cleanup();
  client.clearTokens();
  localStorage.clear();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});
