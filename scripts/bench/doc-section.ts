// Replace (or append) one "## <heading>" section of docs/benchmarks.md, keeping the others.
export async function writeSection(doc: string, heading: string, section: string): Promise<void> {
  let text = "# Benchmarks\n";
  try {
    text = await Deno.readTextFile(doc);
  } catch { /* new file */ }
  const escaped = heading.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); // "Load (fixed arrival rate)"
  const start = text.search(new RegExp(`^## ${escaped}\\s*$`, "m"));
  if (start >= 0) {
    const rest = text.slice(start + 1);
    const nextSection = rest.search(/^## /m);
    text = text.slice(0, start) + section + (nextSection >= 0 ? "\n" + rest.slice(nextSection) : "");
  } else {
    text = text.trimEnd() + "\n\n" + section;
  }
  await Deno.writeTextFile(doc, text);
}
