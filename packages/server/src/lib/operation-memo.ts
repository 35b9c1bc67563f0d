import type { DocumentNode } from "graphql";

/** What identifies one operation of a request: its parsed document, operation name and (raw) variables. */
export interface OperationKey {
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
}

/** The operation and its variables as one key; without variables (most requests), no JSON. */
function keyOf(operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): string {
  for (const _ in variables) return `${operationName ?? ""}\u0000${JSON.stringify(variables)}`;
  return operationName ?? "";
}

/**
 * A value computed once per operation and variables (yoga keeps one parsed `DocumentNode` per
 * query text, so a document is the text): kept per document, at most `max` variable sets each,
 * the oldest dropped first. `compute` must depend on nothing else (not the viewer).
 */
export function operationMemo<T, A extends OperationKey>(compute: (args: A) => T, max = 100): (args: A) => T {
  const kept = new WeakMap<DocumentNode, Map<string, T>>();
  return (args) => {
    let byVariables = kept.get(args.document);
    if (!byVariables) {
      byVariables = new Map();
      kept.set(args.document, byVariables);
    }
    const key = keyOf(args.operationName, args.variableValues);
    if (byVariables.has(key)) return byVariables.get(key) as T;
    const value = compute(args);
    byVariables.set(key, value);
    if (byVariables.size > max) byVariables.delete(byVariables.keys().next().value!);
    return value;
  };
}
