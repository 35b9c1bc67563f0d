/**
 * The inbox's texts in the recipient's language (§4.4.1 results reach the people concerned in a
 * form they read): each message is written in Traditional Chinese and English, and `notifyPeople`
 * keeps the one of each recipient's `User.locale` (zh-Hant unless it names English).
 */

/** One text in both languages. */
export interface Localised {
  zh: string;
  en: string;
}

/** A plain string (what a person wrote: feedback, an answer) or a text in both languages. */
export type InboxText = string | Localised;

/** The language of a `User.locale`: English for `en…`, else Traditional Chinese (the default). */
export function languageOfLocale(locale: string | null | undefined): "zh" | "en" {
  return locale?.trim().toLowerCase().startsWith("en") ? "en" : "zh";
}

/** The text for a recipient of this locale. */
export function textFor(text: InboxText, locale: string | null | undefined): string {
  return typeof text === "string" ? text : text[languageOfLocale(locale)];
}

const GRADE_ZH: Record<string, string> = { EXCELLENT: "優秀", GOOD: "良好", PASS: "合格", FAIL: "不合格" };

/** §4.3.4, §4.4.1: an evaluation was finalised. */
export function evaluationFinalText(e: {
  code: string;
  name: string;
  nameEn: string;
  period: string;
  grade: string;
  totalScore: number | string;
  maturityLevel: number | string;
  rectification: boolean;
}): { subject: Localised; body: Localised } {
  return {
    subject: {
      zh: `${e.code} ${e.period} 評核定案：${GRADE_ZH[e.grade] ?? e.grade} ${e.grade}（${e.totalScore}）`,
      en: `${e.code} ${e.period}: ${e.grade} (${e.totalScore})`,
    },
    body: {
      zh: `「${e.name}」${e.period} 的評核已定案：等級 ${GRADE_ZH[e.grade] ?? e.grade}，總分 ${e.totalScore}，成熟度 ${e.maturityLevel} 級。${e.rectification ? "已開立矯正措施。" : ""}`,
      en: `The evaluation of ${e.nameEn} for ${e.period} is final: ${e.grade}, total ${e.totalScore}, maturity level ${e.maturityLevel}.${e.rectification ? " A rectification has been opened." : ""}`,
    },
  };
}

/** §2.4.3 feedback texts. */
export const FEEDBACK_TEXT = {
  received: (process: { name: string; nameEn: string }): Localised => ({ zh: `員工回饋：${process.name}`, en: `Employee feedback: ${process.nameEn}` }),
  answered: { zh: "你的回饋已有回覆", en: "Your feedback was answered" } satisfies Localised,
  becameAction: { zh: "你的回饋已轉為改善行動", en: "Your feedback became an action" } satisfies Localised,
  actionBody: (title: string): Localised => ({ zh: `已轉為改善行動：${title}`, en: `Turned into an improvement action: ${title}` }),
};
