import { render, type RenderResult } from "@testing-library/react";
import type { ReactElement } from "react";
import { I18nProvider } from "../app/i18n/I18nProvider";
import type { Locale } from "../app/i18n/format";

/** Renders a component in the given language (English unless asked), as the app's shell does. */
export function renderInLanguage(ui: ReactElement, locale: Locale = "en"): RenderResult {
  return render(<I18nProvider forced={locale}>{ui}</I18nProvider>);
}
