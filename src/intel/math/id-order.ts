/**
 * The order ties are broken in across intel: ids compare numerically when every id is a number, otherwise by
 * code units (so "10" sorts after "9" in an all-numeric column, and ids like "C10" sort as plain text).
 */
export function idComparator(ids: Iterable<string>): (a: string, b: string) => number {
  let numeric = true;
  for (const id of ids) {
    if (id.trim() === "" || !Number.isFinite(Number(id))) {
      numeric = false;
      break;
    }
  }
  if (numeric) return (a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0);
  return (a, b) => (a < b ? -1 : a > b ? 1 : 0);
}
