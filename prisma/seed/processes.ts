/**
 * The five processes of §3, in the source's own words (goal and step descriptions verbatim from
 * 總公司過程管理辦法 三、), with English beside them; and what each step collects (§6.1.1).
 * Upserted by process code and by (process, position) for steps.
 */
import type { PrismaClient } from "../../packages/server/src/lib/db.js";
import type { Classification, ProcessCategory } from "../../packages/server/src/generated/prisma/enums.js";
import type { UnitIds } from "./org.js";
import { upsertByKey } from "./rows.js";

/** content, format, channel (§6.1.1). */
type Info = readonly [content: string, format: string, channel: string];

export interface StepSeed {
  name: string;
  nameEn: string;
  description: string;
  unit: string;
  info: Info;
}

export interface ProcessSeed {
  clause: string;
  code: string;
  name: string;
  nameEn: string;
  category: ProcessCategory;
  goal: string;
  goalEn: string;
  owner: string;
  major?: boolean;
  common?: boolean;
  classification: Classification;
  steps: StepSeed[];
}

const step = (name: string, nameEn: string, description: string, unit: string, info: Info): StepSeed => ({
  name,
  nameEn,
  description,
  unit,
  info,
});

export const PROCESSES: readonly ProcessSeed[] = [
  {
    clause: "§3.1",
    code: "P-STR",
    name: "戰略規劃流程",
    nameEn: "Strategic planning",
    category: "STRATEGY",
    goal: "明確公司發展方向和戰略目標,為公司各項業務活動提供指導。",
    goalEn: "Set the company's direction and strategic goals, to guide all of its business activities.",
    owner: "STR",
    major: true,
    classification: "INTERNAL",
    steps: [
      step("市場調研與分析", "Market research and analysis", "收集行業動態、市場趨勢、競爭對手等信息,進行深入分析。", "STR", [
        "行業動態、市場趨勢與競爭對手信息",
        "市場調研報告(PDF)",
        "行業數據庫與外部調研機構",
      ]),
      step("內部資源評估", "Internal resource assessment", "對公司現有資源,包括人力、物力、財力等進行全面評估。", "STR", [
        "人力、物力、財力資源清單與評估結論",
        "資源評估表(Excel)",
        "各部門填報, OA 系統",
      ]),
      step("戰略制定", "Strategy formulation", "根據市場調研和內部資源評估結果,制定公司長期戰略規劃。", "STR", ["長期戰略規劃草案", "戰略規劃文件(Word)", "戰略研討會"]),
      step("戰略評審與調整", "Strategy review and adjustment", "組織相關部門和專家對戰略規劃進行評審,根據評審意見進行調整和完善。", "HO", [
        "評審意見與修訂記錄",
        "評審會議紀要",
        "評審會議, 郵件",
      ]),
      step("戰略實施與監控", "Strategy implementation and monitoring", "將戰略規劃分解為具體的年度經營計劃,并對實施過程進行監控和評估。", "STR", [
        "年度經營計劃及執行進度",
        "經營計劃跟蹤表(Excel)",
        "月度經營分析會, 本系統",
      ]),
    ],
  },
  {
    clause: "§3.2",
    code: "P-MKT",
    name: "市場營銷流程",
    nameEn: "Marketing",
    category: "MARKETING",
    goal: "通過有效的市場推廣和銷售活動,提高公司產品或服務的市場占有率,實現銷售目標。",
    goalEn: "Raise the market share of the company's products and services through effective promotion and sales, and meet the sales targets.",
    owner: "MKT",
    classification: "INTERNAL",
    steps: [
      step("市場定位與目標客戶確定", "Market positioning and target customers", "分析市場需求和競爭態勢,明確公司產品或服務的市場定位,確定目標客戶群體。", "MKT", [
        "市場需求、競爭態勢與目標客戶畫像",
        "市場定位分析報告(PDF)",
        "市場調研, CRM 系統",
      ]),
      step("營銷策劃", "Marketing planning", "制定市場營銷策略,包括產品策略、價格策略、渠道策略和促銷策略等。", "MKT", [
        "產品、價格、渠道與促銷策略",
        "營銷策劃方案(Word)",
        "OA 審批流",
      ]),
      step("營銷活動執行", "Campaign execution", "組織開展各類營銷活動,如廣告宣傳、公關活動、促銷活動等。", "MKT", [
        "活動執行記錄、費用與觸達數據",
        "活動台賬(Excel)",
        "營銷自動化平台",
      ]),
      step("銷售線索獲取與跟進", "Lead capture and follow-up", "通過營銷活動獲取潛在客戶線索,及時分配給銷售人員進行跟進。", "BR-N", [
        "潛在客戶線索、分配與跟進狀態",
        "線索記錄(系統表單)",
        "CRM 系統",
      ]),
      step("銷售成交與合同簽訂", "Deal closing and contract signing", "銷售人員與客戶進行商務談判,達成交易并簽訂銷售合同。", "BR-S", [
        "成交金額、合同條款與審批記錄",
        "銷售合同(PDF, 電子簽章)",
        "合同管理系統",
      ]),
      step("售后服務", "After-sales service", "為客戶提供售后服務,處理客戶投訴和反饋,維護客戶關系。", "MKT", [
        "客戶投訴、回訪與滿意度",
        "服務工單(系統表單)",
        "客服熱線與工單系統",
      ]),
    ],
  },
  {
    clause: "§3.3",
    code: "P-FIN",
    name: "財務管理流程",
    nameEn: "Financial management",
    category: "FINANCE",
    goal: "規范公司財務管理活動,確保公司資金安全、合理使用,提高資金使用效率,實現公司財務目標。",
    goalEn: "Standardise the company's financial management, keep its funds safe and properly used, use them more efficiently, and meet the company's financial goals.",
    owner: "FIN",
    major: true,
    classification: "INTERNAL",
    steps: [
      step("財務預算編制", "Budget preparation", "根據公司戰略規劃和年度經營計劃,編制年度財務預算。", "FIN", ["各部門年度預算申報", "預算編制模板(Excel)", "預算管理系統"]),
      step("預算審批與下達", "Budget approval and issue", "將編制好的財務預算提交公司管理層審批,審批通過后下達各部門執行。", "FIN", [
        "預算審批意見與下達文件",
        "審批單(系統表單)",
        "OA 審批流",
      ]),
      step("資金籌集與管理", "Fund raising and management", "根據公司資金需求,合理籌集資金,并對資金進行有效管理。", "FIN", [
        "資金需求計劃、融資方案與賬戶餘額",
        "資金日報(Excel)",
        "銀企直連系統",
      ]),
      step("成本核算與控制", "Cost accounting and control", "對公司各項成本費用進行核算和分析,采取有效措施進行成本控制。", "FIN", [
        "成本費用明細與報銷單據",
        "費用報銷單(系統表單)",
        "ERP 系統",
      ]),
      step("財務報表編制與分析", "Financial statements and analysis", "定期編制財務報表,對公司財務狀況和經營成果進行分析,為管理層決策提供依據。", "FIN", [
        "月度/季度財務報表與分析",
        "財務報表(Excel, PDF)",
        "ERP 系統, 管理層郵件",
      ]),
      step("財務審計與監督", "Audit and supervision", "接受內部審計和外部審計機構的審計監督,確保公司財務管理合規。", "RSK", [
        "審計底稿、審計意見與整改記錄",
        "審計報告(PDF)",
        "審計管理系統",
      ]),
    ],
  },
  {
    clause: "§3.4",
    code: "P-HR",
    name: "人力資源管理流程",
    nameEn: "Human resources management",
    category: "HR",
    goal: "合理配置公司人力資源,提高員工素質和工作效率,促進員工發展,增強公司核心競爭力。",
    goalEn: "Deploy the company's people well, raise their skills and productivity, develop them, and strengthen the company's core competitiveness.",
    owner: "HR",
    classification: "INTERNAL",
    steps: [
      step("人力資源規劃", "HR planning", "根據公司戰略規劃和業務發展需求,制定人力資源規劃。", "HR", ["編制需求與人員結構", "人力資源規劃表(Excel)", "HR 系統"]),
      step("招聘與選拔", "Recruitment and selection", "發布招聘信息,篩選簡歷,組織面試,選拔合適的人才加入公司。", "HR", [
        "招聘需求、簡歷與面試評價",
        "面試評估表(系統表單)",
        "招聘平台, HR 系統",
      ]),
      step("員工培訓與發展", "Training and development", "根據員工崗位需求和個人發展規劃,提供培訓和發展機會。", "HR", [
        "培訓計劃、簽到與考核結果",
        "培訓記錄(系統表單)",
        "線上學習平台",
      ]),
      step("績效考核與激勵", "Performance appraisal and incentives", "建立科學合理的績效考核體系,對員工工作表現進行考核,并給予相應的激勵。", "HR", [
        "績效目標、考核評分與激勵方案",
        "績效考核表(系統表單)",
        "HR 系統",
      ]),
      step("薪酬福利管理", "Pay and benefits", "制定合理的薪酬福利政策,確保員工薪酬待遇公平合理,福利完善。", "HR", ["薪資、社保與福利發放明細", "薪資表(加密 Excel)", "薪酬系統"]),
      step("員工關系管理", "Employee relations", "處理員工入職、離職、異動等手續,維護良好的員工關系。", "HR", [
        "入職、離職、異動手續與員工訴求",
        "人事異動單(系統表單)",
        "HR 系統, 員工信箱",
      ]),
    ],
  },
  {
    clause: "§3.5",
    code: "P-ADM",
    name: "行政辦公流程",
    nameEn: "Administration",
    category: "ADMINISTRATION",
    goal: "保障公司日常行政辦公活動的正常運轉,提高行政工作效率,為公司業務發展提供支持和服務。",
    goalEn: "Keep the company's day-to-day administration running, make administrative work more efficient, and support and serve the business.",
    owner: "ADM",
    common: true,
    classification: "PUBLIC",
    steps: [
      step("辦公用品采購與管理", "Office supplies", "根據公司需求,采購辦公用品,并進行登記、發放和管理。", "ADM", [
        "采購申請、入庫登記與領用記錄",
        "領用登記表(系統表單)",
        "OA 系統",
      ]),
      step("會議組織與安排", "Meetings", "負責公司各類會議的組織、安排和記錄工作。", "ADM", ["會議通知、議程與會議紀要", "會議紀要(Word)", "OA 系統, 郵件"]),
      step("文件管理", "Document management", "負責公司文件的收發、傳閱、歸檔和保管工作。", "ADM", ["收發文登記、傳閱與歸檔信息", "電子檔案(PDF)", "檔案管理系統"]),
      step("車輛管理", "Vehicles", "負責公司車輛的調度、維護和保養工作。", "ADM", ["用車申請、調度與保養記錄", "車輛台賬(Excel)", "OA 系統"]),
      step("辦公設施設備維護", "Facilities maintenance", "定期對公司辦公設施設備進行檢查和維護,確保正常使用。", "ADM", [
        "巡檢記錄與報修工單",
        "報修工單(系統表單)",
        "物業報修平台",
      ]),
      step("安全保衛管理", "Security", "制定安全保衛制度,加強公司安全保衛工作,確保公司財產和人員安全。", "ADM", [
        "門禁、巡邏與安全事件記錄",
        "安全日誌(系統表單)",
        "門禁與監控系統",
      ]),
    ],
  },
];

export interface ProcessIds {
  /** process code → id */
  process: Record<string, string>;
  /** `${process code}#${position}` → step id */
  step: Record<string, string>;
}

/** Key of a step in ProcessIds.step. */
export const stepKey = (processCode: string, position: number) => `${processCode}#${position}`;

export async function seedProcesses(prisma: PrismaClient, units: UnitIds): Promise<ProcessIds> {
  const ids: ProcessIds = { process: {}, step: {} };
  for (const p of PROCESSES) {
    const data = {
      name: p.name,
      nameEn: p.nameEn,
      category: p.category,
      goal: p.goal,
      goalEn: p.goalEn,
      ownerUnitId: units[p.owner],
      major: p.major ?? false,
      common: p.common ?? false,
      classification: p.classification,
    };
    const process = await prisma.process.upsert({
      where: { code: p.code },
      create: { code: p.code, ...data },
      update: data,
      select: { id: true },
    });
    ids.process[p.code] = process.id;
    const existing = await prisma.processStep.findMany({
      where: { processId: process.id },
      select: { id: true, position: true },
      orderBy: { id: "asc" },
    });
    for (const [index, s] of p.steps.entries()) {
      const position = index + 1;
      const stepData = {
        name: s.name,
        nameEn: s.nameEn,
        description: s.description,
        responsibleUnitId: units[s.unit],
      };
      const found = existing.find((e) => e.position === position);
      const row = found
        ? await prisma.processStep.update({ where: { id: found.id }, data: stepData, select: { id: true } })
        : await prisma.processStep.create({ data: { processId: process.id, position, ...stepData }, select: { id: true } });
      ids.step[stepKey(p.code, position)] = row.id;
      const [content, format, channel] = s.info;
      await upsertByKey(prisma.informationRequirement, { stepId: row.id, content }, { format, channel });
    }
  }
  return ids;
}
