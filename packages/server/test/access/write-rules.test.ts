import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { gid } from "./read-fixture.js";

/**
 * Issue 8, failures 3 and 4 (§6.4, §2.1.1, §2.3.1): nobody changes a row they may not read, sets a
 * classification above their own limit, or pushes a process change through alone; the audit log
 * shows no value of a row its reader may not read.
 */
let t: TestApp;
const tok: Record<string, string> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  for (const [k, email] of Object.entries({
    mgmt: "management@example.com",
    office: "office@example.com",
    head: "finance.head@example.com",
    analyst: "analyst@example.com",
    admin: "admin@example.com",
  })) {
    tok[k] = await t.login(email);
  }
  const secret = await t.db.prisma.risk.findFirstOrThrow({ where: { classification: "SECRET" } });
  const confidential = await t.db.prisma.risk.findFirstOrThrow({ where: { classification: "CONFIDENTIAL" } });
  ids.secretRisk = gid("Risk", secret.id);
  ids.secretRiskRaw = secret.id;
  ids.secretTitle = secret.title;
  ids.confidentialRisk = gid("Risk", confidential.id);
  const units = Object.fromEntries((await t.db.prisma.orgUnit.findMany()).map((u) => [u.code, u.id]));
  ids.pmo = gid("OrgUnit", units.PMO);
  ids.fin = gid("OrgUnit", units.FIN);
  ids.adm = gid("Process", (await t.db.prisma.process.findUniqueOrThrow({ where: { code: "P-ADM" } })).id);
}, 120_000);
afterAll(() => t?.close());

const codeOf = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code ?? "OK";

describe("issue 8, failure 3: writers can lower a classification they may not read (§6.4)", () => {
  it("the process office cannot declassify a SECRET risk: NOT_FOUND, as for a missing one, and nothing of it in the answer", async () => {
    const r = await t.gql(
      `mutation($id: ID!) { updateRisk(input: { id: $id, classification: INTERNAL }) { changedFields risk { title description classification } } }`,
      { id: ids.secretRisk },
      tok.office,
    );
    expect(codeOf(r)).toBe("NOT_FOUND");
    expect(r.data?.updateRisk ?? null).toBeNull();
    expect(JSON.stringify(r)).not.toContain(ids.secretTitle);
    expect((await t.db.prisma.risk.findUniqueOrThrow({ where: { id: ids.secretRiskRaw } })).classification).toBe("SECRET");
    const analyst = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: ids.secretRisk }, tok.analyst);
    expect(analyst.data.node).toBeNull();
  });

  it("nor archive it, assess it or link it: every write to a row the writer cannot read is NOT_FOUND", async () => {
    expect(codeOf(await t.gql(`mutation($id: ID!) { archiveRisk(id: $id) { id } }`, { id: ids.secretRisk }, tok.office))).toBe("NOT_FOUND");
    expect(codeOf(await t.gql(`mutation($id: ID!) { createRiskAssessment(input: { riskId: $id, likelihood: 1, impact: 1 }) { id } }`, { id: ids.secretRisk }, tok.office))).toBe(
      "NOT_FOUND",
    );
    const hidden = await t.db.prisma.process.create({
      data: {
        code: "P-SEC-LINK",
        name: "機密流程",
        nameEn: "Secret",
        category: "STRATEGY",
        goal: "目標",
        goalEn: "",
        ownerUnitId: (await t.db.prisma.orgUnit.findUniqueOrThrow({ where: { code: "STR" } })).id,
        classification: "SECRET",
      },
    });
    const link = await t.gql(
      `mutation($u: ID!, $p: ID!) { createRisk(input: { code: "R-LINK", title: "連結", category: LEGAL, ownerUnitId: $u, processIds: [$p] }) { id } }`,
      { u: ids.pmo, p: gid("Process", hidden.id) },
      tok.office,
    );
    expect(codeOf(link)).toBe("NOT_FOUND");
    const step = await t.db.prisma.processStep.create({ data: { processId: hidden.id, position: 1, name: "步驟", nameEn: "Step" } });
    const edit = await t.gql(`mutation($id: ID!) { updateProcessStep(input: { id: $id, name: "改" }) { changedFields } }`, { id: gid("ProcessStep", step.id) }, tok.office);
    expect(codeOf(edit)).toBe("NOT_FOUND");
    expect(JSON.stringify(edit)).not.toContain(hidden.id); // not even the hidden parent's id
  });

  it("nobody sets a classification above their own read limit", async () => {
    const raise = await t.gql(`mutation($id: ID!) { updateRisk(input: { id: $id, classification: SECRET }) { changedFields } }`, { id: ids.confidentialRisk }, tok.office);
    expect(codeOf(raise)).toBe("FORBIDDEN");
    expect(raise.errors?.[0].message).toMatch(/CONFIDENTIAL/);
    const create = await t.gql(
      `mutation($u: ID!) { createRisk(input: { code: "R-TOO-HIGH", title: "過高", category: LEGAL, ownerUnitId: $u, classification: SECRET }) { id } }`,
      { u: ids.fin },
      tok.head,
    );
    expect(codeOf(create)).toBe("FORBIDDEN");
    expect(await t.db.prisma.risk.count({ where: { code: "R-TOO-HIGH" } })).toBe(0);
    const proposal = await t.gql(
      `mutation($p: ID!) { proposeProcessChange(input: { processId: $p, title: "升密", proposal: { classification: SECRET } }) { id } }`,
      { p: ids.adm },
      tok.office,
    );
    expect(codeOf(proposal)).toBe("FORBIDDEN");
  });

  it("the process office cannot push a SECRET process through propose → review → approve alone, and the analyst never reads it", async () => {
    const create = await t.gql(
      `mutation($u: ID!) { createProcess(input: { code: "P-SECRET", name: "機密流程", nameEn: "Secret process", category: STRATEGY, goal: "保密", ownerUnitId: $u, common: true, classification: SECRET }) { id } }`,
      { u: ids.pmo },
      tok.mgmt,
    );
    const processId = create.data.createProcess.id;
    const propose = `mutation($p: ID!) { proposeProcessChange(input: { processId: $p, title: "解密", proposal: { classification: INTERNAL } }) { id process { name } } }`;
    const byOffice = await t.gql(propose, { p: processId }, tok.office);
    expect(codeOf(byOffice)).toBe("NOT_FOUND");
    expect(JSON.stringify(byOffice)).not.toContain("機密流程");
    // Even a proposal management made is not the office's to review: it cannot read the process.
    const byMgmt = await t.gql(
      `mutation($p: ID!) { proposeProcessChange(input: { processId: $p, title: "改名", proposal: { nameEn: "Renamed" } }) { id } }`,
      { p: processId },
      tok.mgmt,
    );
    const review = await t.gql(
      `mutation($id: ID!) { reviewProcessChange(id: $id, accept: true) { status process { name } } }`,
      { id: byMgmt.data.proposeProcessChange.id },
      tok.office,
    );
    expect(codeOf(review)).toBe("NOT_FOUND");
    const analyst = await t.gql(`query($id: ID!) { node(id: $id) { id } process(code: "P-SECRET") { id } }`, { id: processId }, tok.analyst);
    expect(analyst.data).toEqual({ node: null, process: null });
  });
});

describe("issue 8, failure 3: proposer, reviewer and approver may all be the same person (§2.1.1, §2.3.1)", () => {
  const propose = `mutation($p: ID!, $t: String!) { proposeProcessChange(input: { processId: $p, title: $t, proposal: { nameEn: "Administration and office work" } }) { id } }`;
  const review = `mutation($id: ID!) { reviewProcessChange(id: $id, accept: true) { status } }`;
  const approve = `mutation($id: ID!) { approveProcessChange(id: $id) { status } }`;

  it("the process office cannot review its own proposal", async () => {
    const id = (await t.gql(propose, { p: ids.adm, t: "自審" }, tok.office)).data.proposeProcessChange.id;
    const r = await t.gql(review, { id }, tok.office);
    expect(codeOf(r)).toBe("FORBIDDEN");
    expect(r.errors?.[0].message).toMatch(/Separation of duties.*proposer/);
  });

  it("neither the proposer nor the reviewer approves; the change stays REVIEWED until a third person does", async () => {
    const id = (await t.gql(propose, { p: ids.adm, t: "三人" }, tok.mgmt)).data.proposeProcessChange.id;
    expect((await t.gql(review, { id }, tok.office)).data.reviewProcessChange.status).toBe("REVIEWED");
    for (const who of ["mgmt", "office"]) {
      const r = await t.gql(approve, { id }, tok[who]);
      expect(codeOf(r), who).toBe("FORBIDDEN");
      expect(r.errors?.[0].message).toMatch(/Separation of duties/);
    }
    const change = await t.db.prisma.processChange.findUniqueOrThrow({ where: { id: Buffer.from(id, "base64").toString().split(":")[1] } });
    expect(change.status).toBe("REVIEWED");
  });
});

describe("issue 8, failure 4: the audit log shows raw SECRET values (§6.4)", () => {
  it("an ADMIN (limit INTERNAL) sees who changed a SECRET risk and which fields, never the title or description", async () => {
    const title = "機密併購代號 Falcon";
    const update = await t.gql(
      `mutation($id: ID!, $t: String!) { updateRisk(input: { id: $id, title: $t, description: "目標公司名單" }) { changedFields } }`,
      { id: ids.secretRisk, t: title },
      tok.mgmt,
    );
    expect(update.data.updateRisk.changedFields.sort()).toEqual(["description", "title"]);
    const q = `query($e: String!) { auditLog(first: 5, filter: { entity: "Risk", entityId: $e }) { edges { node { action changes redacted actor { name } } } } }`;
    const admin = await t.gql(q, { e: ids.secretRiskRaw }, tok.admin);
    expect(admin.errors).toBeUndefined();
    const entry = admin.data.auditLog.edges[0].node;
    expect(entry).toMatchObject({ action: "updateRisk", redacted: true, changes: { title: "REDACTED", description: "REDACTED" } });
    expect(entry.actor.name).toBeTruthy();
    expect(JSON.stringify(admin)).not.toContain("Falcon");
    expect(JSON.stringify(admin)).not.toContain("目標公司名單");
    const management = await t.gql(q, { e: ids.secretRiskRaw }, tok.mgmt);
    expect(management.data.auditLog.edges[0].node).toMatchObject({ redacted: false, changes: { title: { to: title } } });
  });
});
