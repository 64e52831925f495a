import { useLayoutEffect, useSyncExternalStore, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, Route, Routes, useLocation } from "react-router-dom";
import { getToken, subscribe } from "./auth";
import i18n, { currentLang, langFor, surfaceLangs } from "./i18n";
import { LoginPage } from "./pages/LoginPage";
import { LandingPage } from "./pages/LandingPage";
import { Workspace } from "./pages/Workspace";
import { NotFoundPage } from "./pages/NotFoundPage";
import { DETAILS, type DetailTab } from "./components/nav";

/** Every detail screen has its own path (`/invoices/:id`...), linked and reloaded as is. */
const DETAIL_ROUTES = (Object.keys(DETAILS) as DetailTab[]).map((tab) => [tab, `${DETAILS[tab].path}:id`] as const);

/** Current token; re-renders when it is set or cleared (sign-in, sign-out, any 401). */
export function useToken(): string | null {
  return useSyncExternalStore(subscribe, getToken, () => null);
}

function RequireAuth({ children }: { children: ReactNode }) {
  const token = useToken();
  const location = useLocation();
  if (!token) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  return <>{children}</>;
}

export function App() {
  // Subscribes the whole tree to language changes: a switch re-renders every screen.
  useTranslation();
  // The console speaks French and English, the landing page French, Arabic and English:
  // moving between them shows the remembered language if the page has it, else French.
  const { pathname } = useLocation();
  const langs = surfaceLangs(pathname);
  useLayoutEffect(() => {
    const want = langFor(langs);
    if (currentLang() !== want) void i18n.changeLanguage(want);
  }, [langs]);
  return (
    <Routes>
      <Route
        path="/"
        element={
          <RequireAuth>
            <Workspace />
          </RequireAuth>
        }
      />
      {DETAIL_ROUTES.map(([tab, path]) => (
        <Route
          key={tab}
          path={path}
          element={
            <RequireAuth>
              <Workspace detail={tab} />
            </RequireAuth>
          }
        />
      ))}
      <Route path="/login" element={<LoginPage />} />
      <Route path="/landing" element={<LandingPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
