import { type FormEvent, useState } from "react";
import { Link, Navigate, useLocation, useNavigate } from "react-router";
import { Field } from "../components/Field";
import { usePageTitle } from "../components/Layout";
import { fieldError, formLevelError, ProblemAlert } from "../components/ProblemAlert";
import { useSession } from "../lib/session";

const FIELDS = ["username", "password"] as const;

export function Login() {
  usePageTitle("Log in");
  const { token, login, notice, clearNotice } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const state = location.state as { from?: string; reason?: string; registered?: string } | null;
  const [username, setUsername] = useState(state?.registered ?? "");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (token && !busy) return <Navigate to={state?.from && state.from !== "/login" ? state.from : "/portfolio"} replace />;

  const message = notice ??
    (state?.registered ? "Account created. Log in to continue." : state?.reason === "auth" ? "Please log in to see that page." : null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username, password);
      clearNotice();
      navigate(state?.from && state.from !== "/login" ? state.from : "/portfolio", { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="auth-card card">
      <h1>Log in</h1>
      {message && <p className="notice" role="status">{message}</p>}
      <form onSubmit={submit} noValidate aria-describedby={error ? "login-error" : undefined}>
        <Field
          label="Username"
          name="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={fieldError(error, "username")}
          required
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldError(error, "password")}
          required
        />
        <div id="login-error">
          <ProblemAlert error={formLevelError(error, FIELDS)} />
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? "Logging in…" : "Log in"}
        </button>
      </form>
      <p>
        New here? <Link to="/register">Create an account</Link>
      </p>
    </section>
  );
}
