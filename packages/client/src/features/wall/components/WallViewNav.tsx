import type { MessageKey } from "../../../app/i18n/en";
import { useI18n } from "../../../app/i18n/I18nProvider";
import type { WallView } from "../wallParams";

/** The wall's views as buttons (the one showing marked current) and the countdown to the next. */
export function WallViewNav({ views, index, remaining, rotating, onGo }: { views: WallView[]; index: number; remaining: number; rotating: boolean; onGo(i: number): void }) {
  const { t } = useI18n();
  return (
    <nav className="wall__views" aria-label={t("wall.views")}>
      {views.map((v, i) => (
        <button key={v} type="button" className={`wall__view ${i === index ? "is-active" : ""}`} aria-current={i === index ? "page" : undefined} onClick={() => onGo(i)}>
          {t(`wall.view.${v}` as MessageKey)}
        </button>
      ))}
      {rotating && <span className="wall__countdown">{t("wall.next", { s: remaining })}</span>}
    </nav>
  );
}
