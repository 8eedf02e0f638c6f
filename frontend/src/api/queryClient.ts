import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./client";

/**
 * Server state (catalogue, products, orders, the cart) is cached and refetched by TanStack Query. A 4xx answer is
 * final; a network error or 5xx is tried once more before the page shows its error and "Try again".
 */
export function createQueryClient({ retry = true } = {}): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) => retry && failures < 1 && !(error instanceof ApiError && error.status < 500),
      },
    },
  });
}
