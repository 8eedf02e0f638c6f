import { QueryClientProvider } from "@tanstack/react-query";
import type { ComponentType, ReactNode } from "react";
import { BrowserRouter, Route, Routes } from "react-router";
import { createQueryClient } from "./api/queryClient";
import { Layout } from "./components/Layout";
import { RequireAuth } from "./components/RequireAuth";
import { CheckEmailPage } from "./pages/auth/CheckEmailPage";
import { ConfirmEmailPage } from "./pages/auth/ConfirmEmailPage";
import { EmailChangeConfirmPage } from "./pages/auth/EmailChangeConfirmPage";
import { ForgotPasswordPage } from "./pages/auth/ForgotPasswordPage";
import { LoginPage } from "./pages/auth/LoginPage";
import { RegisterPage } from "./pages/auth/RegisterPage";
import { ResetPasswordPage } from "./pages/auth/ResetPasswordPage";
import { SocialLoginSuccessPage } from "./pages/auth/SocialLoginSuccessPage";
import { CartPage } from "./pages/CartPage";
import { CataloguePage } from "./pages/CataloguePage";
import { CheckoutPage } from "./pages/CheckoutPage";
import { InfoPage } from "./pages/InfoPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { OrderDetailPage, OrdersPage } from "./pages/OrdersPage";
import { ProductPage } from "./pages/ProductPage";
import { ProfilePage } from "./pages/ProfilePage";
import { AuthProvider } from "./state/auth";
import { CartProvider } from "./state/cart";

const guarded = (page: ReactNode) => <RequireAuth>{page}</RequireAuth>;

/** Every client route. The e-mails link to /confirm-email/<uuid> and /reset-password/<token>. */
export function AppRoutes({ RoutesComponent = Routes }: { RoutesComponent?: ComponentType<{ children: ReactNode }> }) {
  return (
    <RoutesComponent>
      <Route path="/" element={<CataloguePage />} />
      <Route path="/products/:id" element={<ProductPage />} />
      <Route path="/login" element={<LoginPage />} />
      <Route path="/register" element={<RegisterPage />} />
      <Route path="/check-email" element={<CheckEmailPage />} />
      <Route path="/confirm-email/:token" element={<ConfirmEmailPage />} />
      <Route path="/confirm-email-change/:token" element={<EmailChangeConfirmPage />} />
      <Route path="/undo-email-change/:token" element={<EmailChangeConfirmPage kind="undo" />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route path="/reset-password/:token" element={<ResetPasswordPage />} />
      <Route path="/social-login-success" element={<SocialLoginSuccessPage />} />
      <Route path="/info/:slug" element={<InfoPage />} />
      <Route path="/cart" element={<CartPage />} />
      <Route path="/checkout" element={guarded(<CheckoutPage />)} />
      <Route path="/orders" element={guarded(<OrdersPage />)} />
      <Route path="/orders/:id" element={guarded(<OrderDetailPage />)} />
      <Route path="/profile" element={guarded(<ProfilePage />)} />
      <Route path="*" element={<NotFoundPage />} />
    </RoutesComponent>
  );
}

interface AppProps {
  RoutesComponent?: ComponentType<{ children: ReactNode }>;
  Boundary: ComponentType<{ children: ReactNode }>;
}

const queryClient = createQueryClient();

export function App({ RoutesComponent, Boundary }: AppProps) {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
      <AuthProvider>
        <CartProvider>
          <Layout>
            <Boundary>
              <AppRoutes RoutesComponent={RoutesComponent} />
            </Boundary>
          </Layout>
        </CartProvider>
      </AuthProvider>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
