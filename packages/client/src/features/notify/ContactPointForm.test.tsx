// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderInLanguage } from "../../testing/render";
import { ContactPointForm } from "./ContactPointForm";
import type { ContactPoint, CreateContactPointInput } from "./queries";

const people = [
  { id: "VXNlcjp1MQ==", name: "財務主管" },
  { id: "VXNlcjp1Mg==", name: "流程辦公室" },
];

// §6.2.2 contact points: the form sends only the chosen kind's settings, in the API's shape, and shows the server's refusal.
describe("the contact point form", () => {
  it("sends a signed DingTalk webhook with its format and secret, nothing of the other kinds, then empties", async () => {
    const onSubmit = vi.fn(async (_input: CreateContactPointInput) => null);
    renderInLanguage(<ContactPointForm people={people} onSubmit={onSubmit} />);
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: " 財務群組 " } });
    fireEvent.change(screen.getByLabelText("Webhook address"), { target: { value: "https://oapi.dingtalk.com/robot/send?access_token=x" } });
    fireEvent.change(screen.getByLabelText("Format"), { target: { value: "DINGTALK" } });
    fireEvent.change(screen.getByLabelText("Signing secret or key (optional)"), { target: { value: "SEC123" } });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0][0]).toEqual({
      name: "財務群組",
      kind: "WEBHOOK",
      language: "ZH_HANT",
      webhook: { url: "https://oapi.dingtalk.com/robot/send?access_token=x", format: "DINGTALK", secret: "SEC123" },
    });
    await waitFor(() => expect((screen.getByLabelText("Name") as HTMLInputElement).value).toBe(""));
  });

  it("splits email recipients by line and comma; a webhook without a secret sends null", async () => {
    const onSubmit = vi.fn(async (_input: CreateContactPointInput) => null);
    renderInLanguage(<ContactPointForm people={people} onSubmit={onSubmit} />);
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Finance mail" } });
    fireEvent.change(screen.getByLabelText("Kind"), { target: { value: "EMAIL" } });
    fireEvent.change(screen.getByLabelText("Message language"), { target: { value: "EN" } });
    fireEvent.change(screen.getByLabelText("Recipients (one address a line)"), { target: { value: "a@example.com\nb@example.com, c@example.com\n" } });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0][0]).toEqual({ name: "Finance mail", kind: "EMAIL", language: "EN", email: { to: ["a@example.com", "b@example.com", "c@example.com"] } });
  });

  it("in Traditional Chinese: in-app people chosen by id; the server's refusal is shown and the form kept", async () => {
    const onSubmit = vi.fn(async (_input: CreateContactPointInput) => "未能完成：name is taken");
    renderInLanguage(<ContactPointForm people={people} onSubmit={onSubmit} />, "zh-Hant");
    fireEvent.change(screen.getByLabelText("名稱"), { target: { value: "值班" } });
    fireEvent.change(screen.getByLabelText("類型"), { target: { value: "IN_APP" } });
    fireEvent.click(screen.getByLabelText("財務主管"));
    fireEvent.click(screen.getByRole("button", { name: "新增" }));
    expect((await screen.findByRole("alert")).textContent).toBe("未能完成：name is taken");
    expect(onSubmit.mock.calls[0][0]).toEqual({ name: "值班", kind: "IN_APP", language: "ZH_HANT", inApp: { userIds: ["VXNlcjp1MQ=="] } });
    expect((screen.getByLabelText("名稱") as HTMLInputElement).value).toBe("值班");
  });

  it("§6.2.2 failure pinned: a contact point could not be edited — the stored one fills the form (people by id, secret kept blank) and Save sends its changes, in both languages", async () => {
    const onSubmit = vi.fn(async (_input: CreateContactPointInput) => null);
    const onCancel = vi.fn();
    const webhook: ContactPoint = {
      id: "Q1A6Y3Ax",
      name: "飛書群組",
      kind: "WEBHOOK",
      language: "ZH_HANT",
      createdAt: "2026-12-01T00:00:00Z",
      inAppUserIds: [],
      email: null,
      webhook: { url: "https://open.feishu.cn/hook/x", format: "FEISHU", hasSecret: true },
    };
    const { unmount } = renderInLanguage(<ContactPointForm people={people} onSubmit={onSubmit} editing={webhook} onCancel={onCancel} />, "zh-Hant");
    expect(screen.getByText("編輯聯絡點「飛書群組」")).toBeTruthy();
    expect((screen.getByLabelText("名稱") as HTMLInputElement).value).toBe("飛書群組");
    fireEvent.change(screen.getByLabelText("訊息語言"), { target: { value: "EN" } });
    fireEvent.click(screen.getByRole("button", { name: "儲存" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0][0]).toEqual({
      name: "飛書群組",
      kind: "WEBHOOK",
      language: "EN",
      webhook: { url: "https://open.feishu.cn/hook/x", format: "FEISHU", secret: null },
    });
    fireEvent.click(screen.getByRole("button", { name: "取消" }));
    expect(onCancel).toHaveBeenCalledTimes(1);
    unmount();

    const inbox: ContactPoint = { ...webhook, name: "Inbox", kind: "IN_APP", webhook: null, inAppUserIds: ["u2"] };
    renderInLanguage(<ContactPointForm people={people} onSubmit={onSubmit} editing={inbox} onCancel={onCancel} />);
    expect(screen.getByText("Edit contact point “Inbox”")).toBeTruthy();
    expect((screen.getByLabelText("流程辦公室") as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByLabelText("財務主管"));
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(2));
    expect(onSubmit.mock.calls[1][0]).toEqual({ name: "Inbox", kind: "IN_APP", language: "ZH_HANT", inApp: { userIds: ["VXNlcjp1Mg==", "VXNlcjp1MQ=="] } });
  });
});
