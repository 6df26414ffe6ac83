// Static size rule of the codebase (run by test.sh): no source file over 300 lines, and no function
// over 60 lines (outside tests) unless a comment right above it says why it is long. A brace-counting scan, not a
// parser: enough for this codebase's formatting (deno fmt), where every function body opens on the
// line that declares it.
const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 60;
const ROOTS = ["services", "gateway", "scripts", "integration_tests"];

const START = [
  /\bfunction\b[^(]*\(/, // function declarations and expressions
  /=>\s*\{\s*$/, // arrow functions with a block body
  /^\s*(async\s+)?[A-Za-z_$][\w$]*\s*\([^)]*\)\s*(:\s*[^={]+)?\{\s*$/, // methods
];

/** Net `{` minus `}` on a line, ignoring string and template contents and line comments. */
function braceDelta(line: string): number {
  const code = line.replace(/\/\/.*$/, "").replace(/(["'`])(?:\\.|(?!\1).)*\1/g, "");
  return (code.match(/\{/g) ?? []).length - (code.match(/\}/g) ?? []).length;
}

function hasWhyComment(lines: string[], start: number): boolean {
  for (let i = start - 1; i >= 0 && i >= start - 3; i--) {
    const t = lines[i].trim();
    if (t === "") continue;
    return t.startsWith("//") || t.endsWith("*/") || t.startsWith("*");
  }
  return false;
}

export function findProblems(path: string, text: string): string[] {
  const lines = text.split("\n");
  const problems: string[] = [];
  if (lines.length > MAX_FILE_LINES) problems.push(`${path}: ${lines.length} lines (max ${MAX_FILE_LINES})`);
  // Test files are scenarios read top to bottom; only the file-length rule applies to them.
  if (path.endsWith(".test.ts")) return problems;
  lines.forEach((line, start) => {
    if (!START.some((re) => re.test(line)) || braceDelta(line) <= 0) return;
    let depth = 0;
    let end = start;
    for (; end < lines.length; end++) {
      depth += braceDelta(lines[end]);
      if (depth <= 0) break;
    }
    const length = end - start + 1;
    if (length > MAX_FUNCTION_LINES && !hasWhyComment(lines, start)) {
      problems.push(`${path}:${start + 1}: function of ${length} lines without a comment saying why`);
    }
  });
  return problems;
}

async function* sourceFiles(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(dir)) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory) yield* sourceFiles(p);
    else if (/\.(ts|tsx)$/.test(e.name)) yield p;
  }
}

if (import.meta.main) {
  const problems: string[] = [];
  for (const root of ROOTS) {
    for await (const f of sourceFiles(root)) problems.push(...findProblems(f, await Deno.readTextFile(f)));
  }
  for (const p of problems) console.error(p);
  if (problems.length) Deno.exit(1);
  console.log("size rules: ok");
}
