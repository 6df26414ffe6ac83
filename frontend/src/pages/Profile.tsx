import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { api } from "../api/client";
import { keys } from "../api/queries";
import type { Profile as ProfileData } from "../api/types";
import { Field } from "../components/Field";
import { usePageTitle, useProfile } from "../components/Layout";
import { fieldError, formLevelError, ProblemAlert } from "../components/ProblemAlert";
import { QueryState } from "../components/States";

const FIELDS = ["first_name", "last_name", "email", "phone", "date_of_birth", "marketing_emails_consent"] as const;
type Form = { first_name: string; last_name: string; email: string; phone: string; date_of_birth: string; marketing_emails_consent: boolean };

/** Only what changed is sent; an emptied phone or birth date is cleared with null. */
export function profileChanges(before: ProfileData, f: Form): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (f.first_name !== before.first_name) out.first_name = f.first_name;
  if (f.last_name !== before.last_name) out.last_name = f.last_name;
  if (f.email !== before.email) out.email = f.email;
  if (f.phone !== (before.phone ?? "")) out.phone = f.phone.trim() ? f.phone : null;
  if (f.date_of_birth !== (before.date_of_birth ?? "")) out.date_of_birth = f.date_of_birth || null;
  if (f.marketing_emails_consent !== before.marketing_emails_consent) out.marketing_emails_consent = f.marketing_emails_consent;
  return out;
}

export default function Profile() {
  usePageTitle("Profile");
  const profile = useProfile();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form | null>(null);
  useEffect(() => {
    if (profile.data && !form) {
      const p = profile.data;
      setForm({ first_name: p.first_name, last_name: p.last_name, email: p.email, phone: p.phone ?? "", date_of_birth: p.date_of_birth ?? "", marketing_emails_consent: p.marketing_emails_consent });
    }
  }, [profile.data, form]);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<{ message: string; user: ProfileData }>("/auth/profile", { method: "PUT", body }),
    onSuccess: (r) => {
      queryClient.setQueryData(keys.profile, r.user);
      const u = r.user;
      setForm({ first_name: u.first_name, last_name: u.last_name, email: u.email, phone: u.phone ?? "", date_of_birth: u.date_of_birth ?? "", marketing_emails_consent: u.marketing_emails_consent });
    },
  });
  const set = (k: keyof Form) => (e: { target: { value: string; checked: boolean; type: string } }) =>
    setForm((f) => f && ({ ...f, [k]: e.target.type === "checkbox" ? e.target.checked : e.target.value }));

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!form || !profile.data) return;
    save.mutate(profileChanges(profile.data, form));
  }
  const err = (f: string) => fieldError(save.error, f);
  return (
    <section>
      <h1>Profile</h1>
      <QueryState query={profile} label="your profile">
        {() => !form ? null : (
          <form className="card wide" onSubmit={submit} noValidate>
            <p className="muted">
              Username <strong>{profile.data!.username}</strong> · {profile.data!.role} · member since{" "}
              {new Date(profile.data!.created_at).toLocaleDateString()}
            </p>
            <div className="grid-2">
              <Field label="First name" name="first_name" autoComplete="given-name" value={form.first_name} onChange={set("first_name")} error={err("first_name")} />
              <Field label="Last name" name="last_name" autoComplete="family-name" value={form.last_name} onChange={set("last_name")} error={err("last_name")} />
              <Field label="Email" name="email" type="email" autoComplete="email" value={form.email} onChange={set("email")} error={err("email")} />
              <Field label="Phone" name="phone" type="tel" autoComplete="tel" value={form.phone} onChange={set("phone")} hint="10-15 digits; empty to remove" error={err("phone")} />
              <Field label="Date of birth" name="date_of_birth" type="date" value={form.date_of_birth} onChange={set("date_of_birth")} error={err("date_of_birth")} />
            </div>
            <div className="field checkbox">
              <input id="profile-marketing" type="checkbox" checked={form.marketing_emails_consent} onChange={set("marketing_emails_consent")} />
              <label htmlFor="profile-marketing">Send me product news by email</label>
            </div>
            <ProblemAlert error={formLevelError(save.error, FIELDS)} title="The profile was not saved" />
            {save.isSuccess && <p className="success" role="status">{save.data.message}</p>}
            <button type="submit" className="btn btn-primary" disabled={save.isPending}>{save.isPending ? "Saving…" : "Save changes"}</button>
          </form>
        )}
      </QueryState>
    </section>
  );
}
