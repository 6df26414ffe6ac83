// README.md's curl walkthrough, run verbatim: the ```bash blocks between the walkthrough markers are
// concatenated into one script and run against the test stack's gateway. Each `# → ...` line is the
// answer the reader is told to expect; `…` stands for ids and times, everything else must match.
import assert from "node:assert/strict";
import { GATEWAY_URL, needsInternals, ROOT } from "../helpers.ts";

function walkthrough(readme: string): { script: string; expected: string[] } {
  const start = readme.indexOf("<!-- walkthrough:start -->");
  const end = readme.indexOf("<!-- walkthrough:end -->");
  assert.ok(start > 0 && end > start, "README.md has the walkthrough markers");
  const blocks = [...readme.slice(start, end).matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
  const script = blocks.join("\n");
  const expected = script.split("\n").filter((l) => l.startsWith("# → ")).map((l) => l.slice(4));
  return { script, expected };
}

/** `expected` with `…` as a wildcard, matched against a whole output line. */
function matches(line: string, expected: string): boolean {
  const pattern = expected.split("…").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${pattern}$`).test(line);
}

Deno.test({
  name: "README: the curl walkthrough runs verbatim and answers what it says",
  ignore: needsInternals("runs the README's commands with bash (run.sh grants network access only)"),
  fn: async () => {
    const { script, expected } = walkthrough(await Deno.readTextFile(`${ROOT}README.md`));
    assert.ok(expected.length >= 8, "the walkthrough documents its answers");
    const out = await new Deno.Command("bash", {
      args: ["-c", `set -euo pipefail\n${script}`],
      env: { API: `${GATEWAY_URL}/api/v1` },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, `walkthrough failed:\n${stdout}\n${new TextDecoder().decode(out.stderr)}`);
    const lines = stdout.split("\n").filter(Boolean);
    assert.equal(lines.length, expected.length, stdout);
    lines.forEach((line, i) =>
      assert.ok(matches(line, expected[i]), `step ${i + 1}:\n  got  ${line}\n  want ${expected[i]}`)
    );
  },
});
