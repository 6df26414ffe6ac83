// Price history line chart with TradingView's lightweight-charts (canvas). Loaded lazily with the
// asset page so the landing page doesn't pay for it. Points come newest first from the API; the
// chart wants strictly increasing times, so points within one second keep the last price.
import { AreaSeries, createChart, type IChartApi, type UTCTimestamp } from "lightweight-charts";
import { useEffect, useRef } from "react";
import type { PricePoint } from "../api/types";

export function toSeries(points: PricePoint[]): { time: UTCTimestamp; value: number }[] {
  const bySecond = new Map<number, number>();
  for (const p of [...points].reverse()) {
    const t = Math.floor(Date.parse(p.timestamp) / 1000);
    if (Number.isFinite(t)) bySecond.set(t, p.price_usd);
  }
  return [...bySecond.entries()].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ time: t as UTCTimestamp, value: v }));
}

export default function PriceChart({ points, label }: { points: PricePoint[]; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = createChart(el.current, {
      autoSize: true,
      height: 280,
      layout: { background: { color: "#ffffff" }, textColor: "#1f2328", attributionLogo: true },
      grid: { vertLines: { color: "#eef1f4" }, horzLines: { color: "#eef1f4" } },
      timeScale: { timeVisible: true, secondsVisible: true },
    });
    chart.current = c;
    return () => {
      c.remove();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const series = c.addSeries(AreaSeries, {
      lineColor: "#0f6cbd",
      topColor: "rgba(15,108,189,0.3)",
      bottomColor: "rgba(15,108,189,0.02)",
      lineWidth: 2,
    });
    series.setData(toSeries(points));
    c.timeScale().fitContent();
    return () => c.removeSeries(series);
  }, [points]);
  // No role on the container: the chart holds TradingView's attribution link, and an image role
  // around a link hides it from assistive tech. The text summary stands in for the canvas.
  return (
    <>
      <p className="visually-hidden">{label}</p>
      <div className="price-chart" ref={el} data-testid="price-chart" />
    </>
  );
}
