// Routes. Public: landing, market, login, register. Logged in: trade, orders, portfolio, account,
// profile. Admin: asset prices and activation, dead letters.
import { lazy, type ReactNode, Suspense } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router";
import { Layout, useProfile } from "./components/Layout";
import { ProblemAlert } from "./components/ProblemAlert";
import { Loading } from "./components/States";
import { useSession } from "./lib/session";
import { Landing } from "./pages/Landing";
import { Login } from "./pages/Login";
import { Market } from "./pages/Market";
import { NotFound } from "./pages/NotFound";
import { Register } from "./pages/Register";

// Pages behind a login (and the chart library) load on demand: the landing page stays small.
const AssetDetail = lazy(() => import("./pages/AssetDetail"));
const Trade = lazy(() => import("./pages/Trade"));
const Orders = lazy(() => import("./pages/Orders"));
const Portfolio = lazy(() => import("./pages/Portfolio"));
const Account = lazy(() => import("./pages/Account"));
const ProfilePage = lazy(() => import("./pages/Profile"));
const AdminAssets = lazy(() => import("./pages/AdminAssets"));
const AdminDeadLetters = lazy(() => import("./pages/AdminDeadLetters"));

function RequireAuth({ children }: { children: ReactNode }) {
  const { token } = useSession();
  const location = useLocation();
  if (!token) return <Navigate to="/login" replace state={{ from: location.pathname + location.search, reason: "auth" }} />;
  return <>{children}</>;
}

function RequireAdmin({ children }: { children: ReactNode }) {
  const profile = useProfile();
  if (profile.isPending) return <Loading label="Checking permissions…" />;
  if (profile.isError) {
    return (
      <section>
        <h1>Admin</h1>
        <ProblemAlert error={profile.error} title="Could not check your permissions" onRetry={() => profile.refetch()} />
      </section>
    );
  }
  if (profile.data.role !== "admin") {
    return (
      <section>
        <h1>Admins only</h1>
        <p>This page is for platform administrators. Your account ({profile.data.username}) is a {profile.data.role} account.</p>
      </section>
    );
  }
  return <>{children}</>;
}

const page = (el: ReactNode) => <Suspense fallback={<Loading />}>{el}</Suspense>;
const authed = (el: ReactNode) => <RequireAuth>{page(el)}</RequireAuth>;

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Landing />} />
        <Route path="login" element={<Login />} />
        <Route path="register" element={<Register />} />
        <Route path="auth" element={<Navigate to="/login" replace />} />
        <Route path="market" element={<Market />} />
        <Route path="inventory" element={<Navigate to="/market" replace />} />
        <Route path="market/:assetId" element={page(<AssetDetail />)} />
        <Route path="dashboard" element={<Navigate to="/portfolio" replace />} />
        <Route path="trade" element={authed(<Trade />)} />
        <Route path="trading" element={<Navigate to="/trade" replace />} />
        <Route path="orders" element={authed(<Orders />)} />
        <Route path="portfolio" element={authed(<Portfolio />)} />
        <Route path="account" element={authed(<Account />)} />
        <Route path="profile" element={authed(<ProfilePage />)} />
        <Route path="admin" element={<Navigate to="/admin/assets" replace />} />
        <Route path="admin/assets" element={authed(<RequireAdmin><AdminAssets /></RequireAdmin>)} />
        <Route path="admin/dead-letters" element={authed(<RequireAdmin><AdminDeadLetters /></RequireAdmin>)} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
