import { QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { MemoryRouter, useLocation } from "react-router";
import { AppRoutes } from "../App";
import { client } from "../api/endpoints";
import { createQueryClient } from "../api/queryClient";
import { Layout } from "../components/Layout";
import { AuthProvider } from "../state/auth";
import { CartProvider } from "../state/cart";

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

/** Renders the real routes and providers at `path`, logged in unless told otherwise; with `layout`, in the site's
 * header and footer too. */
export function renderPage(path: string, { loggedIn = true, layout = false } = {}) {
  if (loggedIn) client.setTokens("access-1", "refresh-1");
  const routes = layout ? (
    <Layout>
      <AppRoutes />
    </Layout>
  ) : (
    <AppRoutes />
  );
  return render(
    <QueryClientProvider client={createQueryClient({ retry: false })}>
      <MemoryRouter initialEntries={[path]}>
        <AuthProvider>
          <CartProvider>
            {routes}
            <LocationProbe />
          </CartProvider>
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}
