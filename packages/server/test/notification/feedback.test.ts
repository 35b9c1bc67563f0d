/**
 * §2.4.3 employee feedback: reported on a process step, it reaches the owning unit's head and the
 * process office; answered, or turned into an improvement action (§4.4.2); the author sees the
 * answer in the inbox (§4.4.1).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
}, 120_000);
afterAll(() => t?.close());

const inbox = (token: string) => t.gql(`{ notifications(first: 20) { edges { node { subject body action { id } } } } }`, {}, token);

describe("§2.4.3 feedback to an answer in the author's inbox", () => {
  it("failure pinned: employees could not report a problem — submitted, answered, turned into an action, the author told each time", async () => {
    const employee = await t.login("employee@example.com");
    const head = await t.login("finance.head@example.com");
    const office = await t.login("office@example.com");
    const proc = await t.gql(`{ processes(first: 20) { edges { node { id code owner { id code } steps { id } } } } }`, {}, employee);
    const fin = proc.data.processes.edges.map((e: any) => e.node).find((p: any) => p.owner.code === "FIN" && p.steps.length > 0);
    expect(fin).toBeTruthy();

    const sent = await t.gql(
      `mutation($p: ID!, $s: ID!) { submitFeedback(input: { processId: $p, stepId: $s, message: "報銷單據流程重複簽核" }) { id status recipientUnit { code } step { id } } }`,
      { p: fin.id, s: fin.steps[0].id },
      employee,
    );
    expect(sent.errors).toBeUndefined();
    expect(sent.data.submitFeedback).toMatchObject({ status: "OPEN", recipientUnit: { code: "FIN" }, step: { id: fin.steps[0].id } });
    const headInbox = await inbox(head);
    expect(headInbox.data.notifications.edges.map((e: any) => e.node.body)).toContain("報銷單據流程重複簽核");

    const id = sent.data.submitFeedback.id;
    const hrHead = await t.login("hr.head@example.com");
    const denied = await t.gql(`mutation($f: ID!) { answerFeedback(input: { feedbackId: $f, answer: "x" }) { id } }`, { f: id }, hrHead);
    expect(denied.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|NOT_FOUND/);

    const answered = await t.gql(`mutation($f: ID!) { answerFeedback(input: { feedbackId: $f, answer: "下月起合併簽核" }) { status answer } }`, { f: id }, head);
    expect(answered.data.answerFeedback).toEqual({ status: "ANSWERED", answer: "下月起合併簽核" });
    expect((await inbox(employee)).data.notifications.edges.map((e: any) => e.node.body)).toContain("下月起合併簽核");

    const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const fin2 = fin.owner.id;
    const acted = await t.gql(
      `mutation($f: ID!, $u: ID!, $d: DateTime!) { feedbackToAction(input: { feedbackId: $f, title: "合併簽核步驟", ownerUnitId: $u, deadline: $d }) { status action { id kind title } } }`,
      { f: id, u: fin2, d: deadline },
      office,
    );
    expect(acted.errors).toBeUndefined();
    expect(acted.data.feedbackToAction).toMatchObject({ status: "CLOSED", action: { kind: "IMPROVEMENT", title: "合併簽核步驟" } });
    const told = (await inbox(employee)).data.notifications.edges.map((e: any) => e.node);
    expect(told.some((n: any) => n.action?.id === acted.data.feedbackToAction.action.id)).toBe(true);

    const again = await t.gql(`mutation($f: ID!) { answerFeedback(input: { feedbackId: $f, answer: "y" }) { id } }`, { f: id }, head);
    expect(again.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    const empty = await t.gql(`mutation($p: ID!) { submitFeedback(input: { processId: $p, message: "   " }) { id } }`, { p: fin.id }, employee);
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "message" });
  });

  it("§2.4.3 failure pinned: a feedback message in the inbox did not say which feedback — each links to it, null for a reader the feedback read rule shuts out", async () => {
    const FEEDBACK_INBOX = `{ notifications(first: 50) { edges { node { id body feedback { id message } } } } }`;
    const about = async (token: string, feedbackId: string) =>
      ((await t.gql(FEEDBACK_INBOX, {}, token)).data.notifications.edges as { node: { id: string; body: string; feedback: { id: string } | null } }[])
        .map((e) => e.node)
        .filter((n) => n.feedback?.id === feedbackId);
    const employee = await t.login("employee@example.com");
    const admin = await t.login("admin@example.com");
    const proc = await t.gql(`{ processes(first: 20) { edges { node { id owner { id code } } } } }`, {}, employee);
    const fin = proc.data.processes.edges.map((e: any) => e.node).find((p: any) => p.owner.code === "FIN");
    const sent = await t.gql(`mutation($p: ID!) { submitFeedback(input: { processId: $p, message: "付款申請無進度可查" }) { id } }`, { p: fin.id }, employee);
    expect(sent.errors).toBeUndefined();
    const feedbackId = sent.data.submitFeedback.id as string;

    // Received: the owning unit's head and the process office are pointed at it.
    const head = await t.login("finance.head@example.com");
    const [received] = await about(head, feedbackId);
    expect(received?.body).toBe("付款申請無進度可查");
    expect((await about(await t.login("office@example.com"), feedbackId)).length).toBe(1);
    // Answered: so is the author.
    await t.gql(`mutation($f: ID!) { answerFeedback(input: { feedbackId: $f, answer: "已加入進度查詢" }) { id } }`, { f: feedbackId }, head);
    expect((await about(employee, feedbackId)).map((n) => n.body)).toContain("已加入進度查詢");

    // The head moves to HR: the message stays theirs, the FIN unit's feedback is no longer theirs to read.
    const people = await t.gql(`{ users(first: 100) { edges { node { id email unit { id code } } } } orgUnits(first: 50) { edges { node { id code } } } }`, {}, admin);
    const headUser = people.data.users.edges.map((e: any) => e.node).find((u: any) => u.email === "finance.head@example.com");
    const hr = people.data.orgUnits.edges.map((e: any) => e.node).find((u: any) => u.code === "HR");
    const MOVE = `mutation($id: ID!, $u: ID!) { updateUser(input: { id: $id, unitId: $u }) { id } }`;
    expect((await t.gql(MOVE, { id: headUser.id, u: hr.id }, admin)).errors).toBeUndefined();
    try {
      const moved = await t.login("finance.head@example.com");
      const inbox = (await t.gql(FEEDBACK_INBOX, {}, moved)).data.notifications.edges.map((e: any) => e.node);
      const still = inbox.find((n: any) => n.id === received!.id);
      expect(still).toMatchObject({ body: "付款申請無進度可查", feedback: null });
      expect((await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: feedbackId }, moved)).data.node).toBeNull();
    } finally {
      await t.gql(MOVE, { id: headUser.id, u: headUser.unit.id }, admin);
    }
  });
});
