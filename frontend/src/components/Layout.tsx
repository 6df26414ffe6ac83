// App shell: skip link, header with navigation (collapses into a menu at phone width), the main
// landmark, and focus moved to the new page's heading after each navigation so keyboard and
// screen-reader users land on the content.
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { NavLink, Outlet, useLocation } from "react-router";
import { fetchers, keys } from "../api/queries";
import { type LiveStatus, useLiveStatus } from "../live/useLiveEvents";
import { useSession } from "../lib/session";

const LIVE_TEXT: Record<LiveStatus, string> = {
  off: "",
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  unavailable: "Not live",
};

const LIVE_TITLE: Record<LiveStatus, string> = {
  off: "",
  connecting: "Connecting to live order updates",
  live: "Live order updates are on",
  reconnecting: "Live updates dropped; reconnecting",
  unavailable: "Live updates are not available on this server; pages refresh after your actions",
};

export function useProfile() {
  const { token } = useSession();
  return useQuery({ queryKey: keys.profile, queryFn: fetchers.profile, enabled: !!token, staleTime: 60_000 });
}

// After a navigation, focus goes to the new page's <h1>. Lazy pages mount after the layout
// noticed the change, so whichever comes second — the layout or the page — moves the focus.
let focusPending = false;

function focusHeading(): boolean {
  const h1 = document.querySelector<HTMLElement>("main h1");
  if (!h1) return false;
  h1.setAttribute("tabindex", "-1");
  h1.focus({ preventScroll: false });
  focusPending = false;
  return true;
}

export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Order Processor`;
    if (focusPending) focusHeading();
  }, [title]);
}

function Item({ to, children, end }: { to: string; children: ReactNode; end?: boolean }) {
  return (
    <li>
      <NavLink to={to} end={end} className={({ isActive }) => (isActive ? "active" : undefined)}>
        {children}
      </NavLink>
    </li>
  );
}

export function Layout() {
  const { token, username, logout } = useSession();
  const profile = useProfile();
  const live = useLiveStatus();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const first = useRef(true);

  useEffect(() => {
    setMenuOpen(false);
    if (first.current) {
      first.current = false;
      return;
    }
    focusPending = true;
    const t = setTimeout(() => focusPending && focusHeading(), 0);
    return () => clearTimeout(t);
  }, [location.pathname]);

  const isAdmin = profile.data?.role === "admin";
  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="site-header">
        <div className="header-inner">
          <NavLink to="/" className="brand" aria-label="Order Processor home">
            <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
              <rect width="32" height="32" rx="6" fill="#0f3d5e" />
              <path d="M6 22l6-7 5 4 9-11" stroke="#7fe0b0" strokeWidth="3" fill="none" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            <span>Order Processor</span>
          </NavLink>
          <button
            type="button"
            className="menu-button"
            aria-expanded={menuOpen}
            aria-controls="site-nav"
            onClick={() => setMenuOpen((o) => !o)}
          >
            Menu
          </button>
          <nav id="site-nav" aria-label="Main" className={menuOpen ? "open" : undefined}>
            <ul>
              <Item to="/market">Market</Item>
              {token && (
                <>
                  <Item to="/trade">Trade</Item>
                  <Item to="/orders">Orders</Item>
                  <Item to="/portfolio">Portfolio</Item>
                  <Item to="/account">Account</Item>
                  <Item to="/profile">Profile</Item>
                  {isAdmin && <Item to="/admin/assets">Admin</Item>}
                </>
              )}
            </ul>
            <div className="session">
              {token
                ? (
                  <>
                    {live !== "off" && (
                      <span className={`live live-${live}`} title={LIVE_TITLE[live]} data-testid="live-status">
                        <span className="dot" aria-hidden="true" />
                        {LIVE_TEXT[live]}
                      </span>
                    )}
                    <span className="user" aria-label={`Logged in as ${username}`}>{username}</span>
                    <button type="button" className="btn btn-small" onClick={() => void logout()}>
                      Log out
                    </button>
                  </>
                )
                : (
                  <>
                    <NavLink to="/login" className="btn btn-small">Log in</NavLink>
                    <NavLink to="/register" className="btn btn-small btn-primary">Register</NavLink>
                  </>
                )}
            </div>
          </nav>
        </div>
      </header>
      <main id="main">
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>Order Processor · prices in USD · demo platform, no real money</p>
      </footer>
    </>
  );
}
