import { useSyncExternalStore, type ReactNode } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router-dom";
import { getToken, subscribe } from "./auth";
import { LoginPage } from "./pages/LoginPage";
import { LandingPage } from "./pages/LandingPage";
import { Workspace } from "./pages/Workspace";
import { NotFoundPage } from "./pages/NotFoundPage";

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
      <Route path="/login" element={<LoginPage />} />
      <Route path="/landing" element={<LandingPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
