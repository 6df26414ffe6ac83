import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../api/client";
import { Field } from "../components/Field";
import { usePageTitle } from "../components/Layout";
import { fieldError, formLevelError, ProblemAlert } from "../components/ProblemAlert";

export const REGISTER_FIELDS = [
  "username",
  "email",
  "password",
  "first_name",
  "last_name",
  "phone",
  "date_of_birth",
  "marketing_emails_consent",
] as const;

export interface RegisterForm {
  username: string;
  email: string;
  password: string;
  confirm: string;
  first_name: string;
  last_name: string;
  phone: string;
  date_of_birth: string;
  marketing_emails_consent: boolean;
}

/** The request body: optional fields are left out when empty, as the API expects. */
export function registerBody(f: RegisterForm) {
  return {
    username: f.username,
    email: f.email,
    password: f.password,
    first_name: f.first_name,
    last_name: f.last_name,
    ...(f.phone.trim() ? { phone: f.phone } : {}),
    ...(f.date_of_birth ? { date_of_birth: f.date_of_birth } : {}),
    marketing_emails_consent: f.marketing_emails_consent,
  };
}

export function Register() {
  usePageTitle("Register");
  const navigate = useNavigate();
  const [form, setForm] = useState<RegisterForm>({
    username: "",
    email: "",
    password: "",
    confirm: "",
    first_name: "",
    last_name: "",
    phone: "",
    date_of_birth: "",
    marketing_emails_consent: false,
  });
  const [error, setError] = useState<unknown>(null);
  const [confirmError, setConfirmError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const set = (k: keyof RegisterForm) => (e: { target: { value: string; checked?: boolean; type?: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.type === "checkbox" ? !!e.target.checked : e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (form.password !== form.confirm) {
      setConfirmError("The passwords do not match");
      return;
    }
    setConfirmError(undefined);
    setBusy(true);
    try {
      await api("/auth/register", { method: "POST", body: registerBody(form), auth: false });
      navigate("/login", { state: { registered: form.username.trim().toLowerCase() } });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const err = (f: string) => fieldError(error, f);
  return (
    <section className="auth-card card wide">
      <h1>Create an account</h1>
      <p className="muted">Fields marked * are required. New accounts start with a $0.00 balance.</p>
      <form onSubmit={submit} noValidate>
        <div className="grid-2">
          <Field label="Username" name="username" autoComplete="username" value={form.username} onChange={set("username")}
            hint="6-30 letters, digits or underscores" error={err("username")} required />
          <Field label="Email" name="email" type="email" autoComplete="email" value={form.email} onChange={set("email")}
            error={err("email")} required />
          <Field label="First name" name="first_name" autoComplete="given-name" value={form.first_name}
            onChange={set("first_name")} error={err("first_name")} required />
          <Field label="Last name" name="last_name" autoComplete="family-name" value={form.last_name}
            onChange={set("last_name")} error={err("last_name")} required />
          <Field label="Password" name="password" type="password" autoComplete="new-password" value={form.password}
            onChange={set("password")}
            hint="12-20 characters with upper- and lower-case letters, a digit and one of !@#$%^&*()-_=+"
            error={err("password")} required />
          <Field label="Confirm password" name="confirm" type="password" autoComplete="new-password" value={form.confirm}
            onChange={set("confirm")} error={confirmError} required />
          <Field label="Phone" name="phone" type="tel" autoComplete="tel" value={form.phone} onChange={set("phone")}
            hint="Optional, 10-15 digits" error={err("phone")} />
          <Field label="Date of birth" name="date_of_birth" type="date" autoComplete="bday" value={form.date_of_birth}
            onChange={set("date_of_birth")} hint="Optional; you must be at least 13" error={err("date_of_birth")} />
        </div>
        <div className="field checkbox">
          <input id="marketing" type="checkbox" name="marketing_emails_consent" checked={form.marketing_emails_consent}
            onChange={set("marketing_emails_consent")} />
          <label htmlFor="marketing">Send me product news by email</label>
        </div>
        <ProblemAlert error={formLevelError(error, REGISTER_FIELDS)} />
        <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? "Creating account…" : "Create account"}</button>
      </form>
      <p>Already registered? <Link to="/login">Log in</Link></p>
    </section>
  );
}
