import { describe, expect, it } from "vitest";
import { alertGlobalId } from "./components/FocusedAlert";

// §6.2.2 a notification's message links to `/alerts?alert=<id>` with the database id; the inbox and the delivery log with the API's id: both open the warning.
describe("the linked alert's id", () => {
  it("keeps an API id and turns a database id into one", () => {
    const api = btoa("Alert:cmx3bfmr7000i2f44she2y755");
    expect(alertGlobalId(api)).toBe(api);
    expect(alertGlobalId("cmx3bfmr7000i2f44she2y755")).toBe(api);
  });
});
