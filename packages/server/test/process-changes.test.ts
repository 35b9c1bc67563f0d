import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./helpers/app.js";

/** §2.1.1 / §2.2.1 / §2.3.1: changing a major process goes through a proposal, a review and management's approval. */
let t: TestApp;
let finId: string;
beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  finId = (await t.gql(`{ process(code: "P-FIN") { id version major } }`, {}, await t.login("management@example.com"))).data.process.id;
});
afterAll(() => t?.close());

const PROPOSE = `mutation($p: ID!) { proposeProcessChange(input: { processId: $p, title: "精簡預算審批", proposal: { goalEn: "Keep funds safe and budgets lean." } }) { id status } }`;

describe("§2.1.1 change proposals for a major process", () => {
  it("the Finance head proposes, the process office reviews, only management approves; the change is applied with a new version", async () => {
    const head = await t.login("finance.head@example.com");
    const office = await t.login("office@example.com");
    const mgmt = await t.login("management@example.com");
    const proposed = await t.gql(PROPOSE, { p: finId }, head);
    expect(proposed.data.proposeProcessChange.status).toBe("SUBMITTED");
    const id = proposed.data.proposeProcessChange.id;

    const early = await t.gql(`mutation($id: ID!) { approveProcessChange(id: $id) { status } }`, { id }, mgmt);
    expect(early.errors?.[0].extensions?.code).toBe("CONFLICT");

    const reviewed = await t.gql(`mutation($id: ID!) { reviewProcessChange(id: $id, accept: true) { status reviewedBy { name } } }`, { id }, office);
    expect(reviewed.data.reviewProcessChange.status).toBe("REVIEWED");

    const byOffice = await t.gql(`mutation($id: ID!) { approveProcessChange(id: $id) { status } }`, { id }, office);
    expect(byOffice.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect(byOffice.errors?.[0].message).toMatch(/§2\.1\.1/);

    const before = (await t.gql(`{ process(code: "P-FIN") { version } }`, {}, mgmt)).data.process.version;
    const approved = await t.gql(`mutation($id: ID!) { approveProcessChange(id: $id) { status process { goalEn version } approvedBy { name } } }`, { id }, mgmt);
    expect(approved.errors).toBeUndefined();
    expect(approved.data.approveProcessChange).toMatchObject({ status: "APPLIED", process: { goalEn: "Keep funds safe and budgets lean.", version: before + 1 } });
  });

  it("the HR head cannot propose a change to a Finance process; an empty proposal is refused", async () => {
    const hr = await t.gql(PROPOSE, { p: finId }, await t.login("hr.head@example.com"));
    // Issue 8, failure 3 (§6.4): the HR head cannot read the Finance process: NOT_FOUND, as for a missing one.
    expect(hr.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const empty = await t.gql(
      `mutation($p: ID!) { proposeProcessChange(input: { processId: $p, title: "無", proposal: {} }) { id } }`,
      { p: finId },
      await t.login("office@example.com"),
    );
    expect(empty.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});
