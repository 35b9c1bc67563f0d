/**
 * Issue 12 bug (b), §4.4.1 and §6.2.2: inbox texts (feedback, an answer, an alert through an
 * in-app contact point, a finalised evaluation) were English or bilingual whatever the reader's
 * language; each person now reads them in their own `User.locale` (zh-Hant or en).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluationFinalText, languageOfLocale } from "../../src/modules/information/notice-text.js";
import { createTestApp, type TestApp } from "../helpers/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
}, 120_000);
afterAll(() => t?.close());

const inbox = async (token: string) =>
  (await t.gql(`{ notifications(first: 50) { edges { node { subject body } } } }`, {}, token)).data.notifications.edges.map((e: any) => e.node) as {
    subject: string;
    body: string;
  }[];

const setLocale = async (token: string, locale: string) => {
  const r = await t.gql(`mutation($l: String!) { updateMySettings(input: { locale: $l }) { id } }`, { l: locale }, token);
  expect(r.errors).toBeUndefined();
};

describe("issue 12 bug (b): notification texts in the recipient's language", () => {
  it("failure pinned: a zh-Hant head read English (or both languages) — feedback reaches the zh-Hant head in Chinese and the English-speaking office in English", async () => {
    const employee = await t.login("employee@example.com");
    const head = await t.login("finance.head@example.com");
    const office = await t.login("office@example.com");
    await setLocale(office, "en");
    const procs = await t.gql(`{ processes(first: 20) { edges { node { id name nameEn owner { code } } } } }`, {}, employee);
    const fin = procs.data.processes.edges.map((e: any) => e.node).find((p: any) => p.owner.code === "FIN");
    const sent = await t.gql(`mutation($p: ID!) { submitFeedback(input: { processId: $p, message: "單據重複" }) { id } }`, { p: fin.id }, employee);
    expect(sent.errors).toBeUndefined();
    expect((await inbox(head)).map((n) => n.subject)).toContain(`員工回饋：${fin.name}`);
    const officeSubjects = (await inbox(office)).map((n) => n.subject);
    expect(officeSubjects).toContain(`Employee feedback: ${fin.nameEn}`);
    expect(officeSubjects.some((s) => /[\u4e00-\u9fff]/.test(s))).toBe(false);

    const answered = await t.gql(`mutation($f: ID!) { answerFeedback(input: { feedbackId: $f, answer: "已處理" }) { id } }`, { f: sent.data.submitFeedback.id }, head);
    expect(answered.errors).toBeUndefined();
    const mine = await inbox(employee);
    expect(mine).toContainEqual({ subject: "你的回饋已有回覆", body: "已處理" });
    expect(mine.some((n) => n.subject.includes("Your feedback"))).toBe(false);
  });

  it("failure pinned: an alert in the inbox took the contact point's language — each reader gets it in their own", async () => {
    const office = await t.login("office@example.com");
    const mgmt = await t.login("management@example.com");
    await setLocale(office, "en");
    const cp = await t.gql(`mutation { createContactPoint(input: { name: "inbox-locale", kind: IN_APP, language: ZH_HANT }) { id } }`, {}, office);
    expect(cp.errors).toBeUndefined();
    for (const token of [office, mgmt]) {
      const r = await t.gql(`mutation($id: ID!) { testContactPoint(id: $id) { ok } }`, { id: cp.data.createContactPoint.id }, token);
      expect(r.data.testContactPoint.ok).toBe(true);
    }
    expect((await inbox(office)).map((n) => n.subject)).toContain("[Warning] Test — test notification");
    expect((await inbox(mgmt)).map((n) => n.subject)).toContain("[警告] 測試 ：測試通知");
  });

  it("§4.4.1 a finalised evaluation's text: Chinese for zh-Hant (and anything not English), English for en", () => {
    expect([languageOfLocale("zh-Hant"), languageOfLocale("en"), languageOfLocale("en-GB"), languageOfLocale(null)]).toEqual(["zh", "en", "en", "zh"]);
    const text = evaluationFinalText({
      code: "P-FIN",
      name: "財務報告",
      nameEn: "Financial reporting",
      period: "2026-10",
      grade: "GOOD",
      totalScore: "84",
      maturityLevel: "3",
      rectification: true,
    });
    expect(text.subject.zh).toBe("P-FIN 2026-10 評核定案：良好 GOOD（84）");
    expect(text.body.zh).toContain("已開立矯正措施");
    expect(text.body.en).toBe("The evaluation of Financial reporting for 2026-10 is final: GOOD, total 84, maturity level 3. A rectification has been opened.");
  });
});
