// Admin: events that failed delivery N times (GET /admin/events/dead-letters), with redrive one by
// one or all.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../api/client";
import { keys } from "../api/queries";
import type { DeadLetter } from "../api/types";
import { usePageTitle } from "../components/Layout";
import { ProblemAlert } from "../components/ProblemAlert";
import { DataTable } from "../components/DataTable";
import { Empty, Loading } from "../components/States";
import { useToast } from "../components/Toasts";

export default function AdminDeadLetters() {
  usePageTitle("Admin · Dead letters");
  const queryClient = useQueryClient();
  const toast = useToast();
  const list = useQuery({
    queryKey: keys.deadLetters,
    queryFn: () => api<{ data: DeadLetter[] }>("/admin/events/dead-letters").then((b) => b.data),
    retry: false,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: keys.deadLetters });
  const redrive = useMutation({
    mutationFn: (id: string | null) =>
      api(id ? `/admin/events/dead-letters/${encodeURIComponent(id)}/redrive` : "/admin/events/dead-letters/redrive", { method: "POST", body: {} }),
    onSuccess: (_r, id) => toast.show(id ? `Event ${id} sent back for processing` : "All dead letters sent back for processing", "success"),
    onSettled: refresh,
  });
  return (
    <section>
      <h1>Admin: dead letters</h1>
      <p><Link to="/admin/assets">← Assets</Link></p>
      <p className="muted">Events that could not be processed after repeated tries. Redrive puts them back on their stream once the cause is fixed.</p>
      <ProblemAlert error={redrive.error} title="Redrive failed" />
      {list.isPending && <Loading label="Loading dead letters…" />}
      {list.isError && <ProblemAlert error={list.error} title="Could not load dead letters" onRetry={() => list.refetch()} />}
      {list.isSuccess && (list.data.length === 0 ? <Empty>No dead letters. Every event was processed.</Empty> : (
        <>
          <button type="button" className="btn" onClick={() => redrive.mutate(null)} disabled={redrive.isPending}>
            Redrive all ({list.data.length})
          </button>
          <DataTable label="Dead letters table" columns={["Event", "Type", "Error", { label: "Deliveries", num: true }, { label: "Actions", hidden: true }]}>
                {list.data.map((d) => {
                  // The failed message's own fields carry the event id and type (relay.ts writes them);
                  // `id` is the dead-letter entry, which is what redrive takes.
                  const event = d.fields.event_id ?? d.id;
                  return (
                    <tr key={d.id}>
                      <td><code>{event}</code><div className="muted small">{new Date(d.dead_at).toLocaleString()}</div></td>
                      <td>{d.fields.type ?? "—"}</td>
                      <td className="wrap">{d.error}</td>
                      <td className="num">{d.deliveries}</td>
                      <td>
                        <button type="button" className="btn btn-small" disabled={redrive.isPending} onClick={() => redrive.mutate(d.id)}
                          aria-label={`Redrive event ${event}`}>Redrive</button>
                      </td>
                    </tr>
                  );
                })}
          </DataTable>
        </>
      ))}
    </section>
  );
}
