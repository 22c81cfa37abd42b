// The vocabulary of the declarative link schema (tensorflow/playground style): each field has a
// long name (used in code and in warnings), a short key (used in the link), a type with its
// range, length or allowed values, and a default that a missing or rejected value falls back to.

export type FieldSpec =
  /** exclusiveMin: the minimum itself is refused (a learning rate must be positive). */
  | { type: 'int'; min: number; max: number; exclusiveMin?: boolean }
  | { type: 'num'; min: number; max: number; exclusiveMin?: boolean }
  | { type: 'enum'; values: readonly (string | number)[] }
  /** Strings are only ever used as identifiers: length-limited and matched against a pattern. */
  | { type: 'string'; pattern: RegExp; maxLength: number; what: string }
  | { type: 'list'; of: FieldSpec; minItems: number; maxItems: number; unique: boolean }
  | ObjectSpec;

export interface ObjectField {
  name: string;
  key: string;
  spec: FieldSpec;
}

export interface ObjectSpec {
  type: 'object';
  fields: readonly ObjectField[];
  /** Defaults for the fields that were missing or rejected; may depend on the accepted ones. */
  defaults: (accepted: Record<string, unknown>) => Record<string, unknown>;
  /** Cross-field check / final shape of the completed object, with a warning when it had to fix something. */
  finish?: (value: Record<string, unknown>, path: string) => { value: Record<string, unknown>; warning?: string };
}
