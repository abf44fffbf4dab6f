import type { Catalog, Condition } from "../api/types";

/** What the pickers offer: the store's catalog and the saved segments. */
export interface EditorEnv {
  catalog: Catalog | undefined;
  segments: { id: string; name: string }[];
}

export interface Props {
  node: Condition;
  env: EditorEnv;
  onChange: (c: Condition) => void;
  onRemove?: () => void;
  label: string;
}

export const has = (c: Condition, k: string): boolean => Object.hasOwn(c, k);
