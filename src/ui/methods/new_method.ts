// A new method configuration: the shared defaults (src/state/defaults.ts) under a free id.
import { methodDefaults } from '../../state/defaults';
import type { MethodConfig, MethodKind } from '../../state/types';

export function newMethod(kind: MethodKind, takenIds: readonly string[]): MethodConfig {
  let n = 1;
  while (takenIds.includes(`${kind}-${n}`)) n++;
  return methodDefaults(kind, `${kind}-${n}`);
}
