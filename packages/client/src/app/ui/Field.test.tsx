// @vitest-environment happy-dom
import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderInLanguage } from "../../testing/render";
import { SelectField, TextField } from "./Field";

// The dialogs' one field shape (plans §4.2.1, inspections §4.2.3, evaluations §4.3.2-§4.3.3):
// the name labels its control, "optional" is said, a required choice starts empty.
describe("form fields", () => {
  it("a select is found by its name, starts at the placeholder and reports the chosen value", () => {
    const onChange = vi.fn();
    renderInLanguage(<SelectField label="Unit" value="" onChange={onChange} required placeholder="Choose" options={[{ value: "u1", label: "Finance" }]} />);
    const select = screen.getByRole("combobox", { name: "Unit" }) as HTMLSelectElement;
    expect(select.required).toBe(true);
    expect([...select.options].map((o) => [o.value, o.text])).toEqual([
      ["", "Choose"],
      ["u1", "Finance"],
    ]);
    fireEvent.change(select, { target: { value: "u1" } });
    expect(onChange).toHaveBeenCalledWith("u1");
  });

  it("an optional textarea says so in its name; a date input keeps its type", () => {
    const onChange = vi.fn();
    renderInLanguage(
      <>
        <TextField label="Description" optional rows={2} value="" onChange={onChange} />
        <TextField label="Deadline" type="date" value="2026-12-01" onChange={() => {}} />
      </>,
    );
    const area = screen.getByRole("textbox", { name: "Description (optional)" });
    expect(area.tagName).toBe("TEXTAREA");
    fireEvent.change(area, { target: { value: "x" } });
    expect(onChange).toHaveBeenCalledWith("x");
    expect((screen.getByLabelText("Deadline") as HTMLInputElement).type).toBe("date");
  });
});
