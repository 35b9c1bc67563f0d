import { useGraphiQL, useGraphiQLActions } from "@graphiql/react";
import { Kind, parse } from "graphql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { EXAMPLE_QUERIES } from "./examples";

/**
 * Puts a query and its variables into GraphiQL's editors, and selects its (first) operation at
 * once: GraphiQL reads the operation name from the editor only after a pause, and a run in
 * between would send the new document with the previous operation's name.
 */
export function useLoadIntoEditor() {
  const queryEditor = useGraphiQL((s) => s.queryEditor);
  const variableEditor = useGraphiQL((s) => s.variableEditor);
  const { setOperationName } = useGraphiQLActions();
  return (query: string, variables: unknown) => {
    queryEditor?.setValue(query);
    variableEditor?.setValue(JSON.stringify(variables ?? {}, null, 2));
    const name = firstOperationName(query);
    if (name) setOperationName(name);
  };
}

function firstOperationName(query: string): string | undefined {
  try {
    const op = parse(query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    return op?.kind === Kind.OPERATION_DEFINITION ? op.name?.value : undefined;
  } catch {
    return undefined;
  }
}

/** GraphiQL's "Examples" pane: the example queries for analysts (§2.3.3). */
export function ExamplesPanel() {
  const { t } = useI18n();
  const load = useLoadIntoEditor();
  return (
    <section className="wb-panel" aria-labelledby="wb-examples">
      <h2 id="wb-examples" className="wb-panel__title">
        {t("workbench.examples")}
      </h2>
      <ul className="wb-list">
        {EXAMPLE_QUERIES.map((ex) => (
          <li key={ex.title}>
            <button type="button" className="link-button" onClick={() => load(ex.query, ex.variables)}>
              {t(ex.title)}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
