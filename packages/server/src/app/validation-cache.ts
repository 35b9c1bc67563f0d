import type { DocumentNode, GraphQLError, GraphQLSchema } from "graphql";
import type { Plugin } from "graphql-yoga";

interface Validated {
  /** The rules the document was validated with, in order, and their names. */
  rules: readonly Rule[];
  names: readonly string[];
  result: readonly GraphQLError[];
}

type Rule = { readonly name: string };
type SetResult = (result: readonly GraphQLError[]) => void;

/**
 * The same rules in the same order, as yoga's own cache compares them: by name. A plugin may add
 * a new closure of the same rule on every request (graphql-armor does, unnamed), so a rule is the
 * same when it is the same function or has the same name; the name is read only for the former.
 */
function sameRules(kept: Validated, rules: readonly Rule[]): boolean {
  if (kept.rules.length !== rules.length) return false;
  for (let i = 0; i < rules.length; i++) if (rules[i] !== kept.rules[i] && rules[i].name !== kept.names[i]) return false;
  return true;
}

/**
 * Validation results kept per schema and parsed document (yoga keeps one DocumentNode per query
 * text), reused while the request's validation rules are the same rules in the same order (see
 * `sameRules`): a document valid (or invalid) under these rules and this schema stays so. It replaces yoga's own
 * validation cache (`parserAndValidationCache: { validationCache: false }`), which keys its cache on
 * the rules' names joined into one string and looked up in an LRU on every request: reading some
 * 40 functions' `name` and hashing the ~900-character key was 1 % of the server's CPU on the
 * simple list (issue 13). Registered last among the app's plugins, where yoga's own cache runs:
 * after every plugin that adds rules (graphql-armor, the live-query rule).
 */
export function validationCache(): Plugin {
  const kept = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Validated>>();
  return {
    onValidate({ params: { schema, documentAST, rules }, setResult }) {
      if (schema == null) return;
      let bySchema = kept.get(schema);
      if (!bySchema) {
        bySchema = new WeakMap();
        kept.set(schema, bySchema);
      }
      const used = (rules ?? []) as readonly Rule[];
      const hit = bySchema.get(documentAST);
      if (hit && sameRules(hit, used)) {
        (setResult as SetResult)(hit.result);
        return;
      }
      const documents = bySchema;
      return ({ result }) => {
        if (result != null) documents.set(documentAST, { rules: [...used], names: used.map((r) => r.name), result: result as readonly GraphQLError[] });
      };
    },
  };
}
