import { useState } from "react";
import { useMutation, useQuery, type CombinedError } from "urql";
import { useI18n } from "../../../app/i18n/I18nProvider";
import { Dialog } from "../../../app/ui/Dialog";
import type { FeedEntry } from "../feedState";
import { ACKNOWLEDGE_ALERT, ASSIGN_ALERT, ASSIGNEES_QUERY, RESOLVE_ALERT, type FeedAlert } from "../queries";

export type AlertAction = "acknowledge" | "assign" | "resolve";

/** Local datetime-local value of a time: "2026-11-27T14:30". */
function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

interface FormProps {
  alert: FeedAlert;
  subject: string;
  onClose(): void;
  onDone(alert: FeedAlert): void;
}

/**
 * The acknowledge / assign / resolve forms of a warning (§5.3.2, §2.1.2). The mutation's result
 * goes into the feed at once; every other screen gets it through the event stream.
 */
export function AlertActionDialogs({ target, onClose, onDone }: { target: { action: AlertAction; entry: FeedEntry } | null; onClose(): void; onDone(alert: FeedAlert): void }) {
  const { name } = useI18n();
  if (!target) return null;
  const alert = target.entry.alert;
  const props: FormProps = { alert, subject: `${name(alert.indicator.process)} › ${name(alert.indicator)}`, onClose, onDone };
  // Keyed by alert, so a form opened for another warning starts empty.
  if (target.action === "acknowledge") return <AcknowledgeDialog key={alert.id} {...props} />;
  if (target.action === "assign") return <AssignDialog key={alert.id} {...props} />;
  return <ResolveDialog key={alert.id} {...props} />;
}

/** The form's error line, and what to do with a mutation's answer: close with it, or say why not. */
function useOutcome({ onClose, onDone }: Pick<FormProps, "onClose" | "onDone">) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const finish = (result: { error?: CombinedError }, data: FeedAlert | undefined) => {
    if (result.error || !data) {
      setError(t("feed.actionFailed", { message: result.error?.graphQLErrors[0]?.message ?? result.error?.message ?? "?" }));
      return;
    }
    onDone(data);
    onClose();
  };
  return { error, setError, finish };
}

function AcknowledgeDialog(props: FormProps) {
  const { t } = useI18n();
  const [note, setNote] = useState("");
  const [expires, setExpires] = useState(() => toLocalInput(Date.now() + 4 * 3_600_000));
  const [ack, runAck] = useMutation(ACKNOWLEDGE_ALERT);
  const { error, setError, finish } = useOutcome(props);
  const submit = async () => {
    if (!note.trim()) return setError(t("feed.noteRequired"));
    const r = await runAck({ alertId: props.alert.id, note: note.trim(), expiresAt: expires ? new Date(expires).toISOString() : null });
    finish(r, r.data?.acknowledgeAlert);
  };
  return (
    <Dialog title={t("feed.ackTitle")} open onClose={props.onClose} submitLabel={t("feed.acknowledge")} busy={ack.fetching} error={error} onSubmit={submit}>
      <p className="dialog__subject">{props.subject}</p>
      <label className="field">
        <span>{t("feed.ackNote")}</span>
        <textarea value={note} onChange={(e) => setNote(e.target.value)} required rows={3} autoFocus name="note" />
      </label>
      <label className="field">
        <span>
          {t("feed.ackExpires")} {t("common.optional")}
        </span>
        <input type="datetime-local" value={expires} onChange={(e) => setExpires(e.target.value)} name="expiresAt" />
        <small className="muted">{t("feed.ackExpiresHint")}</small>
      </label>
    </Dialog>
  );
}

function AssignDialog(props: FormProps) {
  const { t, name } = useI18n();
  const [assignee, setAssignee] = useState("");
  const [assign, runAssign] = useMutation(ASSIGN_ALERT);
  const [people] = useQuery({ query: ASSIGNEES_QUERY, variables: {} });
  const { error, finish } = useOutcome(props);
  const users = people.data?.users.edges.map((e) => e.node) ?? [];
  const submit = async () => {
    if (!assignee) return;
    const r = await runAssign({ alertId: props.alert.id, assigneeId: assignee });
    finish(r, r.data?.assignAlert);
  };
  return (
    <Dialog
      title={t("feed.assignTitle")}
      open
      onClose={props.onClose}
      submitLabel={t("feed.assign")}
      busy={assign.fetching}
      error={error ?? (people.error ? people.error.message : null)}
      onSubmit={submit}
    >
      <p className="dialog__subject">{props.subject}</p>
      <label className="field">
        <span>{t("feed.assignee")}</span>
        {/* biome-ignore lint/a11y/noAutofocus: the dialog opens for this one field; focusing it is the expected keyboard flow */}
        <select value={assignee} onChange={(e) => setAssignee(e.target.value)} required autoFocus name="assignee">
          <option value="">–</option>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name} · {name(u.unit)}
            </option>
          ))}
        </select>
      </label>
    </Dialog>
  );
}

function ResolveDialog(props: FormProps) {
  const { t } = useI18n();
  const [note, setNote] = useState("");
  const [resolve, runResolve] = useMutation(RESOLVE_ALERT);
  const { error, finish } = useOutcome(props);
  const submit = async () => {
    const r = await runResolve({ alertId: props.alert.id, note: note.trim() || null });
    finish(r, r.data?.resolveAlert);
  };
  return (
    <Dialog title={t("feed.resolveTitle")} open onClose={props.onClose} submitLabel={t("feed.resolve")} busy={resolve.fetching} error={error} onSubmit={submit}>
      <p className="dialog__subject">{props.subject}</p>
      <label className="field">
        <span>
          {t("feed.resolveNote")} {t("common.optional")}
        </span>
        <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={3} autoFocus name="note" />
      </label>
    </Dialog>
  );
}
