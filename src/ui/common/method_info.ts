// Display names of the method kinds, from the method catalog (src/methods/config.ts).
import { METHOD_CATALOG, METHOD_KINDS, type MethodConfig, type MethodKind } from '../../methods/config';

export const METHOD_NAMES = Object.fromEntries(METHOD_KINDS.map((k) => [k, METHOD_CATALOG[k].label])) as Record<MethodKind, string>;

/** Short label for a configuration, e.g. "B-LoRA-XS r=2 K=5". */
export function methodLabel(m: MethodConfig): string {
  const info = METHOD_CATALOG[m.kind];
  return `${info.short} r=${m.r}${info.labelExtra?.(m) ?? ''}`;
}
