// Lookups in records keyed by link data (method ids): a key like "constructor" or "toString" must
// not find Object.prototype's members.

export function own<T>(rec: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}
