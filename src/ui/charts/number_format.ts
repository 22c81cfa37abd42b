// Numbers as tooltips show them: integers whole, others to 4 significant digits (exponents only
// for very small or large magnitudes), so a tooltip never prints 0.6843927264213562.

export function formatNumber(v: unknown): string {
  if (typeof v !== 'number') return String(v ?? '');
  if (Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e6) return v.toExponential(3).replace(/\.?0+e/, 'e');
  // Number(...) drops toPrecision's trailing zeros (0.5000 → 0.5).
  return String(Number(v.toPrecision(4)));
}
