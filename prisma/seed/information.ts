/**
 * Information and communication: classified information records (§6.1.2), an employee's
 * feedback to the process office (§2.4.3) and notification routes (§6.2.2).
 */
import type { PrismaClient } from "../../packages/server/src/lib/db.js";
import type { AlertLevel, Channel, Classification } from "../../packages/server/src/generated/prisma/enums.js";
import type { UnitIds } from "./org.js";
import { stepKey, type ProcessIds } from "./processes.js";
import { upsertByKey } from "./rows.js";
import type { UserIds } from "./users.js";

interface RecordSeed {
  title: string;
  content: string;
  classification: Classification;
  format: string;
  channel: string;
  process?: string;
  step?: number;
  owner: string;
  createdBy: keyof UserIds;
  sharedWith: string[];
}

export const RECORDS: readonly RecordSeed[] = [
  {
    title: "擬收購標的盡職調查摘要",
    classification: "SECRET",
    format: "PDF",
    channel: "加密文件庫",
    content: "標的公司財務、法律與業務盡職調查的主要發現及估值區間,僅限并購項目知情人查閱。",
    process: "P-STR",
    step: 3,
    owner: "STR",
    createdBy: "analyst",
    sharedWith: ["HO"],
  },
  {
    title: "下年度財務預算草案",
    classification: "CONFIDENTIAL",
    format: "Excel",
    channel: "預算管理系統",
    content: "各部門預算申報匯總、收入與費用預算、資本性支出計劃,待管理層審批。",
    process: "P-FIN",
    step: 1,
    owner: "FIN",
    createdBy: "financeHead",
    sharedWith: ["HO", "STR"],
  },
  {
    title: "季度流程監控與評估結果通報",
    classification: "INTERNAL",
    format: "PDF",
    channel: "本系統, 郵件",
    content: "五大業務流程上季度評估得分、等級及整改要求;市場營銷流程評估不合格,須限期整改。",
    owner: "PMO",
    createdBy: "office",
    sharedWith: ["STR", "MKT", "FIN", "HR", "ADM", "RSK", "BR-N", "BR-S"],
  },
  {
    title: "招聘周期月度分析",
    classification: "INTERNAL",
    format: "Excel",
    channel: "HR 系統",
    content: "各崗位類別平均招聘周期、渠道轉化率及超期崗位清單。",
    process: "P-HR",
    step: 2,
    owner: "HR",
    createdBy: "hrHead",
    sharedWith: ["PMO"],
  },
  {
    title: "辦公用品領用指南",
    classification: "PUBLIC",
    format: "網頁",
    channel: "OA 系統",
    content: "辦公用品申領方式、審批權限、領用時間及常用物品清單。",
    process: "P-ADM",
    step: 1,
    owner: "ADM",
    createdBy: "office",
    sharedWith: [],
  },
];

interface RouteSeed {
  name: string;
  unit?: string;
  process?: string;
  minLevel: AlertLevel;
  channel: Channel;
  target: string;
}

export const ROUTES: readonly RouteSeed[] = [
  { name: "財務流程預警 → 財務部郵件", unit: "FIN", process: "P-FIN", minLevel: "WARNING", channel: "EMAIL", target: "finance-alerts@example.com" },
  { name: "嚴重預警 → 總公司管理層", unit: "HO", minLevel: "CRITICAL", channel: "IN_APP", target: "role:MANAGEMENT" },
  { name: "全部預警 → 流程歸口管理部門群組", unit: "PMO", minLevel: "WARNING", channel: "WEBHOOK", target: "https://chat.example.com/hooks/process-office" },
];

const FEEDBACK = "費用報銷需要在 ERP 和 OA 兩個系統重復填寫同一張單據,耗時且容易出錯,建議打通兩個系統的數據,只填一次。";

export async function seedInformation(prisma: PrismaClient, units: UnitIds, users: UserIds, ids: ProcessIds): Promise<void> {
  for (const r of RECORDS) {
    const sharedWith = r.sharedWith.map((code) => ({ id: units[code] }));
    const data = {
      content: r.content,
      classification: r.classification,
      format: r.format,
      channel: r.channel,
      processId: r.process ? ids.process[r.process] : null,
      stepId: r.process && r.step ? ids.step[stepKey(r.process, r.step)] : null,
      ownerUnitId: units[r.owner],
      createdById: users[r.createdBy],
    };
    const found = await prisma.informationRecord.findFirst({ where: { title: r.title }, select: { id: true } });
    if (found) {
      await prisma.informationRecord.update({ where: { id: found.id }, data: { ...data, sharedWith: { set: sharedWith } } });
    } else {
      await prisma.informationRecord.create({ data: { title: r.title, ...data, sharedWith: { connect: sharedWith } } });
    }
  }

  if (!(await prisma.feedback.findFirst({ where: { authorId: users.employee, message: FEEDBACK } }))) {
    await prisma.feedback.create({
      data: {
        authorId: users.employee,
        recipientUnitId: units.PMO,
        message: FEEDBACK,
        status: "OPEN",
        processId: ids.process["P-FIN"],
        stepId: ids.step[stepKey("P-FIN", 4)],
      },
    });
  }

  for (const r of ROUTES) {
    const data = {
      unitId: r.unit ? units[r.unit] : null,
      processId: r.process ? ids.process[r.process] : null,
      minLevel: r.minLevel,
      channel: r.channel,
      target: r.target,
      enabled: true,
    };
    await upsertByKey(prisma.notificationRoute, { name: r.name }, data);
  }
}
