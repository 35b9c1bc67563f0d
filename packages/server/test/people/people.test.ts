import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createMailer, onMail } from "../../src/lib/mail.js";
import { createPeopleService } from "../../src/modules/people/service.js";
import { createTestApp, PASSWORD, type TestApp } from "../helpers/app.js";

/**
 * Issue 15: people administration, invitations, password resets and the password policy (§1.2
 * every person in one unit with roles; §6.4 controlled access). Through the real HTTP handler,
 * with the real mailer (no SMTP_URL: printed, and read here through `onMail`).
 */
let t: TestApp;
let port: number;
const mails: { to: string; text: string }[] = [];
const stopMail = onMail((m) => mails.push(m));
let admin: string;
let units: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  port = await t.app.start(0);
  admin = await t.login("admin@example.com");
  const r = await t.gql(`{ orgUnits(first: 50) { edges { node { id code } } } }`, {}, admin);
  units = Object.fromEntries(r.data.orgUnits.edges.map((e: { node: { id: string; code: string } }) => [e.node.code, e.node.id]));
});
afterAll(async () => {
  stopMail();
  await t?.close();
});

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken } }`;
const linkIn = (to: string) => {
  const mail = mails.filter((m) => m.to === to).at(-1);
  if (!mail) throw new Error(`no mail to ${to}`);
  return decodeURIComponent(/#token=(\S+)/.exec(mail.text)![1]);
};
const code = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;

/** Invites a person and lets them choose `password` through the link; returns their user id. */
async function person(email: string, roles: string[], unit: string, password = "a long and unusual passphrase") {
  const r = await t.gql(`mutation($i: InviteUserInput!) { inviteUser(input: $i) { id } }`, { i: { email, name: email.split("@")[0], unitId: units[unit], roles } }, admin);
  expect(r.errors).toBeUndefined();
  const reset = await t.gql(`mutation($t: String!, $p: String!) { resetPassword(input: { token: $t, password: $p }) }`, { t: linkIn(email), p: password });
  expect(reset.errors).toBeUndefined();
  return r.data.inviteUser.id as string;
}

describe("issue 15 §6.4 disabling a person ends their access at once", () => {
  it("closes the disabled person's WebSocket (4403), refuses their refresh token and their access token", async () => {
    const id = await person("leaving@example.com", ["EMPLOYEE"], "FIN");
    const { accessToken, refreshToken } = (await t.gql(LOGIN, { e: "leaving@example.com", p: "a long and unusual passphrase" })).data.login;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/graphql`, "graphql-transport-ws");
    const closed = new Promise<number>((r) => ws.once("close", (c) => r(c)));
    await new Promise((r) => ws.once("open", r));
    ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${accessToken}` } }));
    expect(JSON.parse((await new Promise((r) => ws.once("message", r))) as string).type).toBe("connection_ack");
    ws.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: `subscription { indicatorStatusChanged { indicatorId } }` } }));

    const d = await t.gql(`mutation($id: ID!) { disableUser(id: $id) { disabledAt } }`, { id }, admin);
    expect(d.data.disableUser.disabledAt).toBeTruthy();
    expect(await closed).toBe(4403);
    expect(code(await t.gql(`mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken } }`, { r: refreshToken }))).toBe("UNAUTHENTICATED");
    expect(code(await t.gql(`{ me { kind } }`, {}, accessToken))).toBe("UNAUTHENTICATED");
    expect(code(await t.gql(LOGIN, { e: "leaving@example.com", p: "a long and unusual passphrase" }))).toBe("INVALID_CREDENTIALS");
    // Enabled again, the person signs in again (the old sessions stay ended).
    await t.gql(`mutation($id: ID!) { enableUser(id: $id) { id } }`, { id }, admin);
    expect((await t.gql(LOGIN, { e: "leaving@example.com", p: "a long and unusual passphrase" })).data.login.accessToken).toBeTruthy();
    expect(code(await t.gql(`mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken } }`, { r: refreshToken }))).toBe("UNAUTHENTICATED");
  });

  it("refuses to disable the last administrator, or to take the role from them", async () => {
    const me = (await t.gql(`{ me { user { id } } }`, {}, admin)).data.me.user.id;
    const r = await t.gql(`mutation($id: ID!) { disableUser(id: $id) { id } }`, { id: me }, admin);
    expect(code(r)).toBe("CONFLICT");
    expect(r.errors![0].message).toMatch(/last active administrator/);
    expect(code(await t.gql(`mutation($id: ID!) { updateUser(input: { id: $id, roles: [EMPLOYEE] }) { id } }`, { id: me }, admin))).toBe("CONFLICT");
    expect(await t.db.prisma.user.count({ where: { email: "admin@example.com", disabledAt: null } })).toBe(1);
  });
});

describe("issue 15 §6.4 password resets", () => {
  it("answers the same for an unknown email as for a known one, and writes nothing for it", async () => {
    const rows = await t.db.prisma.passwordToken.count();
    const audit = await t.db.prisma.auditLog.count();
    const unknown = await t.gql(`mutation { requestPasswordReset(email: "nobody@example.com") }`);
    expect(await t.db.prisma.passwordToken.count()).toBe(rows);
    expect(await t.db.prisma.auditLog.count()).toBe(audit);
    const known = await t.gql(`mutation { requestPasswordReset(email: "analyst@example.com") }`);
    expect(known).toEqual(unknown);
    expect(await t.db.prisma.passwordToken.count()).toBe(rows + 1);
  });

  it("a reset link works once; the old password and every session end", async () => {
    const before = await t.gql(LOGIN, { e: "analyst@example.com", p: PASSWORD });
    await t.gql(`mutation { requestPasswordReset(email: "analyst@example.com") }`);
    const token = linkIn("analyst@example.com");
    expect((await t.gql(`query($t: String!) { passwordLink(token: $t) { purpose email } }`, { t: token })).data.passwordLink).toEqual({
      purpose: "RESET",
      email: "analyst@example.com",
    });
    const reset = `mutation($t: String!, $p: String!) { resetPassword(input: { token: $t, password: $p }) }`;
    expect((await t.gql(reset, { t: token, p: "analyst chooses a new passphrase" })).data.resetPassword).toBe(true);
    const again = await t.gql(reset, { t: token, p: "and another new passphrase" });
    expect(code(again)).toBe("BAD_USER_INPUT");
    expect(again.errors![0].extensions!.field).toBe("token");
    expect(code(await t.gql(`mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken } }`, { r: before.data.login.refreshToken }))).toBe("UNAUTHENTICATED");
    expect(code(await t.gql(LOGIN, { e: "analyst@example.com", p: PASSWORD }))).toBe("INVALID_CREDENTIALS");
    expect((await t.gql(LOGIN, { e: "analyst@example.com", p: "analyst chooses a new passphrase" })).data.login).toBeTruthy();
  });

  it("a reset link expires", async () => {
    const people = createPeopleService(t.db.prisma, createMailer({}));
    await people.requestPasswordReset("management@example.com", new Date(Date.now() - 2 * 3_600_000));
    const token = linkIn("management@example.com");
    expect((await t.gql(`query($t: String!) { passwordLink(token: $t) { email } }`, { t: token })).data.passwordLink).toBeNull();
    const r = await t.gql(`mutation($t: String!) { resetPassword(input: { token: $t, password: "management's new passphrase" }) }`, { t: token });
    expect(code(r)).toBe("BAD_USER_INPUT");
    expect(code(await t.gql(LOGIN, { e: "management@example.com", p: "management's new passphrase" }))).toBe("INVALID_CREDENTIALS");
  });
});

describe("issue 15 §6.4 invitations and the password policy", () => {
  it("an invited person has no password until they follow the link, which greets them by name", async () => {
    await t.gql(
      `mutation($u: ID!) { inviteUser(input: { email: "Newcomer@Example.com", name: "新同仁", unitId: $u, roles: [EMPLOYEE], locale: "en" }) { id } }`,
      { u: units.HR },
      admin,
    );
    const token = linkIn("newcomer@example.com");
    expect((await t.gql(`query($t: String!) { passwordLink(token: $t) { purpose name } }`, { t: token })).data.passwordLink).toEqual({ purpose: "INVITE", name: "新同仁" });
    expect(code(await t.gql(LOGIN, { e: "newcomer@example.com", p: "" }))).toBe("INVALID_CREDENTIALS");
    expect(
      code(await t.gql(`mutation($u: ID!) { inviteUser(input: { email: "newcomer@example.com", name: "Again", unitId: $u, roles: [EMPLOYEE] }) { id } }`, { u: units.HR }, admin)),
    ).toBe("CONFLICT");
    await t.gql(`mutation($t: String!) { resetPassword(input: { token: $t, password: "newcomer's first passphrase" }) }`, { t: token });
    expect((await t.gql(LOGIN, { e: "newcomer@example.com", p: "newcomer's first passphrase" })).data.login).toBeTruthy();
  });

  it("refuses short passwords, breached ones, the own email, and the last passwords", async () => {
    await person("policy@example.com", ["EMPLOYEE"], "FIN", "policy first passphrase");
    const token = (await t.gql(LOGIN, { e: "policy@example.com", p: "policy first passphrase" })).data.login.accessToken;
    const change = (current: string, password: string) =>
      t.gql(`mutation($c: String!, $p: String!) { changePassword(input: { current: $c, password: $p }) }`, { c: current, p: password }, token);
    for (const bad of ["short", "1qaz2wsx3edc", "QWERTY123456", "POLICY@EXAMPLE.COM"]) {
      const r = await change("policy first passphrase", bad);
      expect(code(r), bad).toBe("BAD_USER_INPUT");
      expect(r.errors![0].extensions!.field).toBe("password");
    }
    expect(code(await change("wrong", "policy second passphrase"))).toBe("BAD_USER_INPUT");
    expect((await change("policy first passphrase", "policy second passphrase")).data.changePassword).toBe(true);
    const reuse = await change("policy second passphrase", "policy first passphrase");
    expect(reuse.errors![0].message).toMatch(/last \d+ passwords/);
  });
});

describe("issue 15 §6.4 LOCAL_LOGIN=off", () => {
  it("refuses email-and-password sign-in and resets, so the directory is the only way in", async () => {
    process.env.LOCAL_LOGIN = "off";
    try {
      expect(code(await t.gql(LOGIN, { e: "employee@example.com", p: PASSWORD }))).toBe("FORBIDDEN");
      expect(code(await t.gql(`mutation { requestPasswordReset(email: "employee@example.com") }`))).toBe("FORBIDDEN");
      expect((await t.gql(`{ signInOptions { localLogin } }`)).data.signInOptions.localLogin).toBe(false);
    } finally {
      delete process.env.LOCAL_LOGIN;
    }
    expect((await t.gql(LOGIN, { e: "employee@example.com", p: PASSWORD })).data.login).toBeTruthy();
  });
});

describe("issue 15 §6.4 people's personal details follow the read rules", () => {
  it("an administrator reads everyone; a department head the own unit's people; an employee only themselves", async () => {
    const head = await t.login("finance.head@example.com");
    const employee = await t.login("employee@example.com");
    const list = `{ people(first: 100) { edges { node { email unit { code } } } } }`;
    const all = (await t.gql(list, {}, admin)).data.people.edges.map((e: any) => e.node);
    expect(new Set(all.map((p: any) => p.unit.code)).size).toBeGreaterThan(2);
    const own = (await t.gql(list, {}, head)).data.people.edges.map((e: any) => e.node);
    expect(own.length).toBeGreaterThan(1);
    expect(own.every((p: any) => p.unit.code === "FIN" && p.email)).toBe(true);
    expect(code(await t.gql(list, {}, employee))).toBe("FORBIDDEN");
    // Colleagues stay listed by name for assigning work, without their emails or settings.
    const users = (await t.gql(`{ users(first: 100) { edges { node { name email timeZone unit { code } } } } }`, {}, employee)).data.users.edges.map((e: any) => e.node);
    expect(users.filter((u: any) => u.email !== null).map((u: any) => u.email)).toEqual(["employee@example.com"]);
    expect(users.filter((u: any) => u.timeZone !== null)).toHaveLength(1);
    const headView = (await t.gql(`{ users(first: 100) { edges { node { email unit { code } } } } }`, {}, head)).data.users.edges.map((e: any) => e.node);
    expect(headView.filter((u: any) => u.email !== null).every((u: any) => u.unit.code === "FIN")).toBe(true);
  });

  it("only an administrator changes people", async () => {
    const head = await t.login("finance.head@example.com");
    const r = await t.gql(`mutation($u: ID!) { createUser(input: { email: "x@example.com", name: "X", unitId: $u, roles: [ADMIN] }) { id } }`, { u: units.FIN }, head);
    expect(code(r)).toBe("FORBIDDEN");
    expect(await t.db.prisma.user.count({ where: { email: "x@example.com" } })).toBe(0);
  });

  it("personal settings: language, time zone, notification levels, channels and quiet hours", async () => {
    const employee = await t.login("employee@example.com");
    const r = await t.gql(
      `mutation { updateMySettings(input: { locale: "en", timeZone: "Asia/Tokyo", notificationPreferences: { levels: [CRITICAL], channels: [EMAIL], quietHours: { start: "22:00", end: "07:00" } } }) { locale timeZone notificationPreferences { levels channels quietHours { start end } } } }`,
      {},
      employee,
    );
    expect(r.data.updateMySettings).toEqual({
      locale: "en",
      timeZone: "Asia/Tokyo",
      notificationPreferences: { levels: ["CRITICAL"], channels: ["EMAIL"], quietHours: { start: "22:00", end: "07:00" } },
    });
    const bad = await t.gql(`mutation { updateMySettings(input: { timeZone: "Mars/Olympus" }) { id } }`, {}, employee);
    expect(bad.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "timeZone" });
  });
});
