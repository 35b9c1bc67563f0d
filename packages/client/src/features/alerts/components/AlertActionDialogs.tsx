import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { useI18n } from "../../../app/i18n/I18nProvider";
import { Dialog } from "../../../app/ui/Dialog";
import type { FeedEntry } from "../feedState";
import type { FeedAlert } from "../queries";
import { ACKNOWLEDGE_ALERT, ASSIGN_ALERT, ASSIGNEES_QUERY, RESOLVE_ALERT } from "../queries";

export type AlertAction = "acknowledge" | "assign" | "resolve";

/** Local datetime-local value of a time: "2026-11-27T14:30". */
function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

/**
 * The acknowledge / assign / resolve forms of a warning (§5.3.2, §2.1.2). The mutation's result
 * goes into the feed at once; every other screen gets it through the event stream.
 */
export function AlertActionDialogs({ target, onClose, onDone }: { target: { action: AlertAction; entry: FeedEntry } | null; onClose(): void; onDone(alert: FeedAlert): void }) {
  const { t, name } = useI18n();
  const [note, setNote] = useState("");
  const [expires, setExpires] = useState(() => toLocalInput(Date.now() + 4 * 3_600_000));
  const [assignee, setAssignee] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [ack, runAck] = useMutation(ACKNOWLEDGE_ALERT);
  const [assign, runAssign] = useMutation(ASSIGN_ALERT);
  const [resolve, runResolve] = useMutation(RESOLVE_ALERT);
  const [people] = useQuery({ query: ASSIGNEES_QUERY, variables: {}, pause: target?.action !== "assign" });

  const close = () => {
    setNote("");
    setError(null);
    setAssignee("");
    onClose();
  };
  if (!target) return null;
  const alert = target.entry.alert;
  const subject = `${name(alert.indicator.process)} › ${name(alert.indicator)}`;

  const finish = (result: { error?: { graphQLErrors: { message: string }[]; message: string } }, data: FeedAlert | undefined) => {
    if (result.error || !data) {
      setError(t("feed.actionFailed", { message: result.error?.graphQLErrors[0]?.message ?? result.error?.message ?? "?" }));
      return;
    }
    onDone(data);
    close();
  };

  if (target.action === "acknowledge") {
    return (
      <Dialog
        title={t("feed.ackTitle")}
        open
        onClose={close}
        submitLabel={t("feed.acknowledge")}
        busy={ack.fetching}
        error={error}
        onSubmit={async () => {
          if (!note.trim()) return setError(t("feed.noteRequired"));
          const r = await runAck({ alertId: alert.id, note: note.trim(), expiresAt: expires ? new Date(expires).toISOString() : null });
          finish(r, r.data?.acknowledgeAlert);
        }}
      >
        <p className="dialog__subject">{subject}</p>
        <label className="field">
          <span>{t("feed.ackNote")}</span>
          <textarea value={note} onChange={(e) => setNote(e.target.value)} required rows={3} autoFocus name="note" />
        </label>
        <label className="field">
          <span>{t("feed.ackExpires")} {t("common.optional")}</span>
          <input type="datetime-local" value={expires} onChange={(e) => setExpires(e.target.value)} name="expiresAt" />
          <small className="muted">{t("feed.ackExpiresHint")}</small>
        </label>
      </Dialog>
    );
  }

  if (target.action === "assign") {
    const users = people.data?.users.edges.map((e) => e.node) ?? [];
    return (
      <Dialog
        title={t("feed.assignTitle")}
        open
        onClose={close}
        submitLabel={t("feed.assign")}
        busy={assign.fetching}
        error={error ?? (people.error ? people.error.message : null)}
        onSubmit={async () => {
          if (!assignee) return;
          const r = await runAssign({ alertId: alert.id, assigneeId: assignee });
          finish(r, r.data?.assignAlert);
        }}
      >
        <p className="dialog__subject">{subject}</p>
        <label className="field">
          <span>{t("feed.assignee")}</span>
          <select value={assignee} onChange={(e) => setAssignee(e.target.value)} required autoFocus name="assignee">
            <option value="">–</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>{u.name} · {name(u.unit)}</option>
            ))}
          </select>
        </label>
      </Dialog>
    );
  }

  return (
    <Dialog
      title={t("feed.resolveTitle")}
      open
      onClose={close}
      submitLabel={t("feed.resolve")}
      busy={resolve.fetching}
      error={error}
      onSubmit={async () => {
        const r = await runResolve({ alertId: alert.id, note: note.trim() || null });
        finish(r, r.data?.resolveAlert);
      }}
    >
      <p className="dialog__subject">{subject}</p>
      <label className="field">
        <span>{t("feed.resolveNote")} {t("common.optional")}</span>
        <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={3} autoFocus name="note" />
      </label>
    </Dialog>
  );
}
