// Allocation donut, hand-drawn in SVG: ~50 lines instead of a charting dependency (the page needs
// one static ring and a legend, no axes or interaction), so the portfolio chunk stays tiny and
// nothing else can load. The table beside it is the accessible equivalent; the SVG is one image
// with a text summary. Slice angles are display-only, so float maths is fine here.
export interface Slice {
  label: string;
  value: number; // percentage share, display only
  color: string;
}

export const PALETTE = ["#0f6cbd", "#c4314b", "#0e7a0d", "#8a3ffc", "#b35c00", "#00777a", "#5c2e91", "#6b6b00", "#a4262c", "#3b3a39"];

export function AllocationChart({ slices, title }: { slices: Slice[]; title: string }) {
  const total = slices.reduce((s, x) => s + Math.max(0, x.value), 0);
  const r = 60;
  const c = 2 * Math.PI * r;
  let offset = 0;
  const summary = slices.map((s) => `${s.label} ${s.value.toFixed(1)}%`).join(", ");
  return (
    <figure className="allocation">
      <svg viewBox="0 0 160 160" width="160" height="160" role="img" aria-label={`${title}: ${summary || "nothing yet"}`}>
        <circle cx="80" cy="80" r={r} fill="none" stroke="#e1e4e8" strokeWidth="28" />
        {total > 0 &&
          slices.filter((s) => s.value > 0).map((s) => {
            const len = (s.value / total) * c;
            const el = (
              <circle
                key={s.label}
                cx="80"
                cy="80"
                r={r}
                fill="none"
                stroke={s.color}
                strokeWidth="28"
                strokeDasharray={`${len} ${c - len}`}
                strokeDashoffset={-offset}
                transform="rotate(-90 80 80)"
              />
            );
            offset += len;
            return el;
          })}
      </svg>
      <figcaption>
        <ul className="legend">
          {slices.map((s) => (
            <li key={s.label}>
              <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
              {s.label} <span className="muted">{s.value.toFixed(1)}%</span>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
