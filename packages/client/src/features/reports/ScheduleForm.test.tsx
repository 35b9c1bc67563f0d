// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderInLanguage } from "../../testing/render";
import type { CreateScheduleInput } from "./queries";
import { ScheduleForm } from "./ScheduleForm";

const units = [
  { id: "T3JnVW5pdDp1MQ==", label: "FIN · Finance" },
  { id: "T3JnVW5pdDp1Mg==", label: "OPS · Operations" },
];
const contactPoints = [
  { id: "cp-mail", label: "Finance mail" },
  { id: "cp-inapp", label: "On duty" },
];

const choose = (label: string, values: string[]) => {
  const select = screen.getByLabelText(label) as HTMLSelectElement;
  for (const o of select.options) o.selected = values.includes(o.value);
  fireEvent.change(select);
};

// §6.3.1 report schedules: the form sends the unit, cron, zone, period kind, format and contact points in the API's shape, and shows the server's refusal.
describe("the report schedule form", () => {
  it("sends the monthly preset in Asia/Taipei by default with the chosen unit and contact points, then empties", async () => {
    const onSubmit = vi.fn(async (_input: CreateScheduleInput) => null);
    renderInLanguage(<ScheduleForm units={units} contactPoints={contactPoints} onSubmit={onSubmit} />);
    fireEvent.change(screen.getByLabelText("Unit"), { target: { value: units[1].id } });
    choose("Contact points", ["cp-mail", "cp-inapp"]);
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0][0]).toEqual({
      unitId: units[1].id,
      cron: "0 8 1 * *",
      timeZone: "Asia/Taipei",
      periodKind: "MONTH",
      format: "PDF",
      contactPointIds: ["cp-mail", "cp-inapp"],
    });
    await waitFor(() => expect((screen.getByLabelText("Unit") as HTMLSelectElement).value).toBe(units[0].id));
  });

  it("a preset fills the cron; a custom cron, zone, quarter and CSV are sent as typed", async () => {
    const onSubmit = vi.fn(async (_input: CreateScheduleInput) => null);
    renderInLanguage(<ScheduleForm units={units} contactPoints={contactPoints} onSubmit={onSubmit} />);
    fireEvent.change(screen.getByLabelText("When"), { target: { value: "0 8 1 1,4,7,10 *" } });
    expect((screen.getByLabelText("Cron expression") as HTMLInputElement).value).toBe("0 8 1 1,4,7,10 *");
    fireEvent.change(screen.getByLabelText("Cron expression"), { target: { value: " 30 7 2 * * " } });
    expect((screen.getByLabelText("When") as HTMLSelectElement).value).toBe("");
    fireEvent.change(screen.getByLabelText("Time zone"), { target: { value: "Europe/London" } });
    fireEvent.change(screen.getByLabelText("Reports on the last"), { target: { value: "QUARTER" } });
    fireEvent.change(screen.getByLabelText("Format"), { target: { value: "CSV" } });
    choose("Contact points", ["cp-inapp"]);
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0][0]).toEqual({
      unitId: units[0].id,
      cron: "30 7 2 * *",
      timeZone: "Europe/London",
      periodKind: "QUARTER",
      format: "CSV",
      contactPointIds: ["cp-inapp"],
    });
  });

  it("in Traditional Chinese: the server's refusal is shown and the form kept", async () => {
    const onSubmit = vi.fn(async (_input: CreateScheduleInput) => "cron fires more often than once an hour.");
    renderInLanguage(<ScheduleForm units={units} contactPoints={contactPoints} onSubmit={onSubmit} />, "zh-Hant");
    fireEvent.change(screen.getByLabelText("Cron 表示式"), { target: { value: "*/5 * * * *" } });
    choose("聯絡點", ["cp-mail"]);
    fireEvent.click(screen.getByRole("button", { name: "新增" }));
    expect((await screen.findByRole("alert")).textContent).toBe("cron fires more often than once an hour.");
    expect(onSubmit.mock.calls[0][0]).toMatchObject({ cron: "*/5 * * * *", contactPointIds: ["cp-mail"] });
    expect((screen.getByLabelText("Cron 表示式") as HTMLInputElement).value).toBe("*/5 * * * *");
  });
});
