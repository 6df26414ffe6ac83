// Admin: events that failed delivery N times (issue 10's routes), with redrive one by one or all.
// Until the event pipeline exists, the API answers with a problem and this page shows its detail.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../api/client";
import { ApiProblem } from "../api/problem";
import { keys } from "../api/queries";
import type { DeadLetter } from "../api/types";
import { usePageTitle } from "../components/Layout";
import { ProblemAlert } from "../components/ProblemAlert";
import { Empty, Loading } from "../components/States";
import { useToast } from "../components/Toasts";

/** The list route may answer a bare array or {data: [...]} / {dead_letters: [...]}. */
export function deadLetterList(body: unknown): DeadLetter[] {
  if (Array.isArray(body)) return body as DeadLetter[];
  const o = body as { data?: unknown; dead_letters?: unknown; items?: unknown } | undefined;
  const list = o?.data ?? o?.dead_letters ?? o?.items;
  return Array.isArray(list) ? (list as DeadLetter[]) : [];
}

export default function AdminDeadLetters() {
  usePageTitle("Admin · Dead letters");
  const queryClient = useQueryClient();
  const toast = useToast();
  const list = useQuery({
    queryKey: keys.deadLetters,
    queryFn: () => api<unknown>("/admin/events/dead-letters").then(deadLetterList),
    retry: false,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: keys.deadLetters });
  const redrive = useMutation({
    mutationFn: (id: string | null) =>
      api(id ? `/admin/events/dead-letters/${encodeURIComponent(id)}/redrive` : "/admin/events/dead-letters/redrive", { method: "POST", body: {} }),
    onSuccess: (_r, id) => toast.show(id ? `Event ${id} sent back for processing` : "All dead letters sent back for processing", "success"),
    onSettled: refresh,
  });
  const missing = list.error instanceof ApiProblem && [404, 501, 503].includes(list.error.status);
  return (
    <section>
      <h1>Admin: dead letters</h1>
      <p><Link to="/admin/assets">← Assets</Link></p>
      <p className="muted">Events that could not be processed after repeated tries. Redrive puts them back on their stream once the cause is fixed.</p>
      <ProblemAlert error={redrive.error} title="Redrive failed" />
      {list.isPending && <Loading label="Loading dead letters…" />}
      {list.isError && (
        <>
          <ProblemAlert error={list.error} title="Could not load dead letters" onRetry={() => list.refetch()} />
          {missing && <p className="muted">The event pipeline is not enabled on this server yet.</p>}
        </>
      )}
      {list.isSuccess && (list.data.length === 0 ? <Empty>No dead letters. Every event was processed.</Empty> : (
        <>
          <button type="button" className="btn" onClick={() => redrive.mutate(null)} disabled={redrive.isPending}>
            Redrive all ({list.data.length})
          </button>
          <div className="table-wrap" role="region" aria-label="Dead letters table" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Type</th>
                  <th scope="col">Error</th>
                  <th scope="col" className="num">Deliveries</th>
                  <th scope="col"><span className="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((d) => (
                  <tr key={d.id}>
                    <td><code>{d.event_id ?? d.id}</code>{d.failed_at && <div className="muted small">{new Date(d.failed_at).toLocaleString()}</div>}</td>
                    <td>{d.type ?? "—"}</td>
                    <td className="wrap">{d.error ?? "—"}</td>
                    <td className="num">{d.delivery_count ?? "—"}</td>
                    <td>
                      <button type="button" className="btn btn-small" disabled={redrive.isPending} onClick={() => redrive.mutate(d.id)}
                        aria-label={`Redrive event ${d.event_id ?? d.id}`}>Redrive</button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ))}
    </section>
  );
}
