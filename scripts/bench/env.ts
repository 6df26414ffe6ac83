// A setting the bench/load scripts receive from their shell wrapper: its value, the fallback, or a
// clear error naming the variable the wrapper should have exported.
export function env(name: string, fallback?: string): string {
  const value = Deno.env.get(name) ?? fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
}
