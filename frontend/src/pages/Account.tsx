// Balance (available and held), deposit and withdraw with the daily limits, and the ledger.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { fetchers, keys } from "../api/queries";
import type { LedgerEntry } from "../api/types";
import { FundsForm } from "../components/FundsForm";
import { usePageTitle } from "../components/Layout";
import { Pager, useCursorPages } from "../components/Pager";
import { DataTable } from "../components/DataTable";
import { Empty, QueryState } from "../components/States";
import { Big, formatUsd } from "../lib/money";

const TYPE_LABEL: Record<LedgerEntry["transaction_type"], string> = {
  deposit: "Deposit",
  withdraw: "Withdrawal",
  order_payment: "Order payment",
  order_sale: "Order sale",
  hold: "Hold",
  release: "Release",
  system_adjustment: "Adjustment",
};

/**
 * Deposited / withdrawn so far today (UTC) from the newest ledger entries, or undefined when the
 * page does not reach back to midnight (then the total could be incomplete, so none is shown).
 */
export function usedToday(entries: LedgerEntry[], hasMore: boolean, type: "deposit" | "withdraw", now = new Date()): string | undefined {
  const today = now.toISOString().slice(0, 10);
  const todays = entries.filter((e) => e.created_at.slice(0, 10) === today);
  if (hasMore && todays.length === entries.length) return undefined;
  return todays.filter((e) => e.transaction_type === type).reduce((s, e) => s.plus(new Big(e.amount).abs()), new Big(0)).toFixed(2);
}

export default function Account() {
  usePageTitle("Account");
  const balance = useQuery({ queryKey: keys.balance, queryFn: fetchers.balance });
  const config = useQuery({ queryKey: keys.config, queryFn: fetchers.config, staleTime: Infinity });
  const pages = useCursorPages();
  const ledger = useQuery({
    queryKey: keys.ledger(pages.cursor),
    queryFn: () => fetchers.ledger(pages.cursor),
    placeholderData: keepPreviousData,
  });
  // Today's totals need the newest entries: always from the first page.
  const recent = useQuery({ queryKey: ["ledger", "today"], queryFn: () => fetchers.ledger(null, 100) });
  const used = (t: "deposit" | "withdraw") => recent.data ? usedToday(recent.data.transactions, recent.data.has_more, t) : undefined;

  return (
    <section>
      <h1>Account</h1>
      <QueryState query={balance} label="your balance">
        {() => {
          const b = balance.data!;
          return (
            <div className="summary-grid">
              <div className="stat card"><span className="stat-label">Available</span><span className="stat-value" data-testid="balance-available">{formatUsd(b.available_balance)}</span></div>
              <div className="stat card"><span className="stat-label">Held by open orders</span><span className="stat-value" data-testid="balance-held">{formatUsd(b.held_balance)}</span></div>
              <div className="stat card"><span className="stat-label">Total balance</span><span className="stat-value" data-testid="balance-total">{formatUsd(b.current_balance)}</span></div>
            </div>
          );
        }}
      </QueryState>
      <div className="two-col">
        <FundsForm kind="deposit" dailyLimit={config.data?.daily_deposit_limit ?? "10000"} usedToday={used("deposit")} />
        <FundsForm kind="withdraw" dailyLimit={config.data?.daily_withdraw_limit ?? "5000"} usedToday={used("withdraw")} />
      </div>
      <section className="card" aria-labelledby="ledger-title">
        <h2 id="ledger-title">Balance history</h2>
        <QueryState query={ledger} label="the balance history">
          {() =>
            ledger.data!.transactions.length === 0 ? <Empty>No transactions yet. Deposit funds to get started.</Empty> : (
              <>
                <p className="muted small">{ledger.data!.total_count} entries, newest first</p>
                <DataTable label="Balance history table" columns={["Date", "Type", "Description", { label: "Amount", num: true }, "Status"]}>
                      {ledger.data!.transactions.map((t) => (
                        <tr key={t.transaction_id}>
                          <td>{new Date(t.created_at).toLocaleString()}</td>
                          <td>{TYPE_LABEL[t.transaction_type]}</td>
                          <td>{t.description}</td>
                          <td className={`num ${new Big(t.amount).lt(0) ? "down" : "up"}`}>{formatUsd(t.amount)}</td>
                          <td>{t.status}</td>
                        </tr>
                      ))}
                </DataTable>
                <Pager label="Balance history" page={pages.page} hasPrev={pages.page > 1} hasNext={ledger.data!.has_more}
                  onPrev={pages.prev} onNext={() => pages.next(ledger.data!.next_cursor)} />
              </>
            )}
        </QueryState>
      </section>
    </section>
  );
}
