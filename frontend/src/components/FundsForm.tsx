// Deposit or withdraw: one amount, the daily limit beside it, errors under the field.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { api, idempotencyKey } from "../api/client";
import type { FundsResult } from "../api/types";
import { formatUsd } from "../lib/money";
import { Field } from "./Field";
import { fieldError, formLevelError, ProblemAlert } from "./ProblemAlert";
import { useToast } from "./Toasts";

export function FundsForm(props: { kind: "deposit" | "withdraw"; dailyLimit: string; usedToday?: string }) {
  const { kind } = props;
  const [amount, setAmount] = useState("");
  const key = useRef<{ amount: string; key: string } | null>(null);
  const queryClient = useQueryClient();
  const toast = useToast();
  const label = kind === "deposit" ? "Deposit" : "Withdraw";
  const mutation = useMutation({
    mutationFn: (value: string) => {
      // One Idempotency-Key per amount typed: a double click or a retry never moves money twice.
      if (key.current?.amount !== value) key.current = { amount: value, key: idempotencyKey() };
      return api<FundsResult>(`/balance/${kind}`, { method: "POST", body: { amount: value }, headers: { "Idempotency-Key": key.current.key } });
    },
    onSuccess: (r) => {
      key.current = null;
      setAmount("");
      toast.show(r.message, "success");
    },
    onSettled: () => {
      for (const k of ["balance", "ledger", "portfolio"]) void queryClient.invalidateQueries({ queryKey: [k] });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    mutation.mutate(amount.trim());
  }

  return (
    <form className="card funds-form" onSubmit={submit} noValidate aria-labelledby={`${kind}-title`}>
      <h2 id={`${kind}-title`}>{kind === "deposit" ? "Deposit funds" : "Withdraw funds"}</h2>
      <Field
        label={`Amount to ${kind} (USD)`}
        name={`${kind}-amount`}
        inputMode="decimal"
        autoComplete="off"
        value={amount}
        onChange={(e) => setAmount(e.target.value)}
        hint={
          <>
            Daily {kind} limit {formatUsd(props.dailyLimit)} (UTC day)
            {props.usedToday !== undefined && <> · used today {formatUsd(props.usedToday)}</>}
          </>
        }
        error={fieldError(mutation.error, "amount")}
        required
      />
      <ProblemAlert error={formLevelError(mutation.error, ["amount"])} title={`${label} failed`} />
      {mutation.isSuccess && <p className="success" role="status">{mutation.data.message}</p>}
      <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
        {mutation.isPending ? "Working…" : label}
      </button>
    </form>
  );
}
