/**
 * The seeded risk register's contents (§5): risks in the four categories of §5.1.1, linked to
 * processes, steps and key risk indicators (§5.3.1), with two assessments each on the 5×5 matrix
 * (§5.1.2), responses (§5.2.1) and contingency plans for high risks (§5.2.2). risks.ts writes them.
 */
import type { Classification, ResponseStrategy, RiskCategory } from "../../packages/server/src/generated/prisma/enums.js";
import type { UserIds } from "./users.js";

export type Assessment = readonly [likelihood: number, impact: number, expectedLoss: number];
type Plan = "APPROVED" | "DRAFT";

export interface RiskSeed {
  code: string;
  title: string;
  titleEn: string;
  description: string;
  category: RiskCategory;
  owner: string;
  ownerUser?: keyof UserIds;
  classification?: Classification;
  processes: string[];
  steps?: string[];
  kri?: string[];
  /** ~90 days ago, then the latest */
  assessments: readonly [Assessment, Assessment];
  responses: ReadonlyArray<readonly [ResponseStrategy, string]>;
  plan?: Plan;
}

export const RISKS: readonly RiskSeed[] = [
  {
    code: "R-MKT-01",
    title: "競爭對手低價搶占市場",
    titleEn: "Competitors undercutting prices to take market share",
    category: "MARKET",
    description: "主要競爭對手以低於成本的價格爭奪重點客戶,壓縮公司市場占有率和毛利。",
    owner: "MKT",
    processes: ["P-MKT", "P-STR"],
    steps: ["P-MKT#1", "P-STR#1"],
    kri: ["STR-02"],
    assessments: [
      [3, 4, 600],
      [4, 4, 800],
    ],
    plan: "APPROVED",
    responses: [["REDUCE", "強化產品差異化與增值服務,建立分級價格授權,每週監測競品價格。"]],
  },
  {
    code: "R-MKT-02",
    title: "市場需求下滑致銷售目標落空",
    titleEn: "Falling demand leaves the sales target unmet",
    category: "MARKET",
    description: "宏觀景氣轉弱、客戶預算收緊,銷售線索轉化率持續下降,年度銷售目標面臨缺口。",
    owner: "MKT",
    processes: ["P-MKT", "P-STR"],
    steps: ["P-MKT#4", "P-MKT#5"],
    kri: ["MKT-01", "MKT-02"],
    assessments: [
      [2, 4, 400],
      [3, 4, 650],
    ],
    plan: "DRAFT",
    responses: [["REDUCE", "調整營銷資源投向高轉化渠道,縮短線索分配時限至 1 個工作日。"]],
  },
  {
    code: "R-MKT-03",
    title: "重要客戶流失",
    titleEn: "Loss of key accounts",
    category: "MARKET",
    description: "售后響應不及時或服務質量下降,導致重點客戶轉向競爭對手。",
    owner: "MKT",
    processes: ["P-MKT"],
    steps: ["P-MKT#6"],
    kri: ["MKT-03", "MKT-04"],
    assessments: [
      [2, 3, 200],
      [2, 3, 180],
    ],
    responses: [["REDUCE", "重點客戶經理制與季度回訪,投訴 4 小時內響應。"]],
  },
  {
    code: "R-FIN-01",
    title: "資金流動性不足",
    titleEn: "Liquidity shortfall",
    category: "FINANCIAL",
    classification: "CONFIDENTIAL",
    description: "回款放緩與集中付款疊加,可用資金低於安全餘額,影響到期債務償付。",
    owner: "FIN",
    ownerUser: "financeHead",
    processes: ["P-FIN"],
    steps: ["P-FIN#3"],
    kri: ["FIN-02", "FIN-05"],
    assessments: [
      [2, 5, 900],
      [3, 5, 1200],
    ],
    plan: "APPROVED",
    responses: [
      ["REDUCE", "維持不低於 3,500 萬元的安全資金餘額,每週滾動預測 13 週現金流。"],
      ["TRANSFER", "與兩家銀行簽訂 5,000 萬元備用授信額度。"],
    ],
  },
  {
    code: "R-FIN-02",
    title: "應收賬款逾期與壞賬",
    titleEn: "Overdue receivables and bad debts",
    category: "FINANCIAL",
    description: "部分客戶付款延遲,逾期應收賬款占比上升,壞賬風險加大。",
    owner: "FIN",
    ownerUser: "financeHead",
    processes: ["P-FIN", "P-MKT"],
    steps: ["P-MKT#5", "P-FIN#3"],
    kri: ["FIN-04"],
    assessments: [
      [3, 4, 500],
      [4, 5, 1100],
    ],
    plan: "APPROVED",
    responses: [
      ["REDUCE", "客戶信用評級與授信額度管理,逾期 30 天以上停止發貨並啟動催收。"],
      ["TRANSFER", "對大額應收賬款投保貿易信用保險。"],
    ],
  },
  {
    code: "R-FIN-03",
    title: "預算超支",
    titleEn: "Budget overrun",
    category: "FINANCIAL",
    description: "部門費用支出超出年度預算,預算剛性約束不足。",
    owner: "FIN",
    ownerUser: "financeHead",
    processes: ["P-FIN"],
    steps: ["P-FIN#2", "P-FIN#4"],
    kri: ["FIN-01", "FIN-03"],
    assessments: [
      [3, 3, 150],
      [2, 3, 120],
    ],
    responses: [["REDUCE", "超預算支出須經總經理審批,月度預算執行分析通報。"]],
  },
  {
    code: "R-FIN-04",
    title: "匯率波動損失",
    titleEn: "Foreign exchange losses",
    category: "FINANCIAL",
    description: "外幣采購與外幣收款的匯率波動造成匯兌損失。",
    owner: "FIN",
    processes: ["P-FIN"],
    steps: ["P-FIN#3"],
    assessments: [
      [3, 2, 80],
      [2, 2, 60],
    ],
    responses: [
      ["TRANSFER", "以遠期外匯合約鎖定 70% 以上的外幣敞口。"],
      ["ACCEPT", "其余敞口在損益容忍度內接受。"],
    ],
  },
  {
    code: "R-OPS-01",
    title: "核心業務系統中斷",
    titleEn: "Core business system outage",
    category: "OPERATIONAL",
    description: "ERP 與訂單系統因硬件故障、網絡攻擊或變更失誤而中斷,業務無法開展。",
    owner: "ADM",
    processes: ["P-ADM", "P-FIN", "P-MKT"],
    steps: ["P-ADM#5"],
    kri: ["ADM-04"],
    assessments: [
      [2, 5, 300],
      [3, 5, 450],
    ],
    plan: "APPROVED",
    responses: [["REDUCE", "建設同城災備環境,核心系統變更須經變更評審並在低峰時段執行。"]],
  },
  {
    code: "R-OPS-02",
    title: "關鍵人才流失",
    titleEn: "Loss of key talent",
    category: "OPERATIONAL",
    description: "核心技術與管理崗位人員離職,導致業務中斷和知識流失。",
    owner: "HR",
    ownerUser: "hrHead",
    processes: ["P-HR"],
    steps: ["P-HR#4", "P-HR#5", "P-HR#6"],
    kri: ["HR-02"],
    assessments: [
      [3, 3, 200],
      [3, 4, 320],
    ],
    plan: "APPROVED",
    responses: [["REDUCE", "關鍵崗位繼任者計劃、長期激勵與離職面談分析。"]],
  },
  {
    code: "R-OPS-03",
    title: "招聘延誤影響業務擴張",
    titleEn: "Hiring delays hold back expansion",
    category: "OPERATIONAL",
    description: "招聘周期過長,新設分支機構與項目人員不能按時到崗。",
    owner: "HR",
    ownerUser: "hrHead",
    processes: ["P-HR"],
    steps: ["P-HR#2"],
    kri: ["HR-01"],
    assessments: [
      [3, 2, 60],
      [2, 2, 50],
    ],
    responses: [["ACCEPT", "在招聘周期 40 天以內接受延誤,超出時啟用獵頭渠道。"]],
  },
  {
    code: "R-OPS-04",
    title: "辦公場所安全事故",
    titleEn: "Workplace safety incident",
    category: "OPERATIONAL",
    description: "火災、盜竊或設施故障造成人員傷害或財產損失。",
    owner: "ADM",
    processes: ["P-ADM"],
    steps: ["P-ADM#5", "P-ADM#6"],
    assessments: [
      [1, 5, 100],
      [1, 5, 100],
    ],
    responses: [
      ["TRANSFER", "投保財產一切險與公眾責任險。"],
      ["REDUCE", "每月消防檢查與夜間巡邏。"],
    ],
  },
  {
    code: "R-OPS-05",
    title: "戰略執行偏差",
    titleEn: "Strategy execution drift",
    category: "OPERATIONAL",
    description: "年度經營計劃分解不到位,重點項目延期,戰略目標難以落地。",
    owner: "STR",
    processes: ["P-STR"],
    steps: ["P-STR#5"],
    kri: ["STR-01", "STR-03"],
    assessments: [
      [2, 4, 250],
      [3, 3, 220],
    ],
    responses: [["REDUCE", "月度經營分析會跟蹤重點項目,偏差超過 10% 須提交糾偏方案。"]],
  },
  {
    code: "R-LEG-01",
    title: "合同條款違約與糾紛",
    titleEn: "Contract breaches and disputes",
    category: "LEGAL",
    description: "銷售合同條款不嚴謹或未經法務審核,引發違約責任和訴訟。",
    owner: "RSK",
    processes: ["P-MKT"],
    steps: ["P-MKT#5"],
    assessments: [
      [2, 4, 150],
      [2, 3, 100],
    ],
    responses: [["REDUCE", "使用標準合同範本,非標條款必須經風險合規部審核。"]],
  },
  {
    code: "R-LEG-02",
    title: "個人資料保護違規",
    titleEn: "Breach of personal data protection law",
    category: "LEGAL",
    description: "客戶線索與員工檔案中的個人資料被過度收集、外洩或超範圍使用,面臨主管機關處罰。",
    owner: "RSK",
    processes: ["P-MKT", "P-HR"],
    steps: ["P-MKT#4", "P-HR#6"],
    assessments: [
      [3, 4, 300],
      [3, 5, 500],
    ],
    plan: "APPROVED",
    responses: [["REDUCE", "個人資料盤點、最小必要收集、存取權限按崗位授予並定期複核。"]],
  },
  {
    code: "R-LEG-03",
    title: "重大投資并購信息泄露",
    titleEn: "Leak of inside information on a major acquisition",
    category: "LEGAL",
    classification: "SECRET",
    description: "并購項目在公告前的敏感信息外泄,涉嫌內幕交易並導致交易失敗。",
    owner: "STR",
    processes: ["P-STR"],
    steps: ["P-STR#3", "P-STR#4"],
    assessments: [
      [2, 5, 2000],
      [2, 5, 2000],
    ],
    responses: [["AVOID", "項目資料僅限知情人名單查閱,簽署保密協議,不經郵件傳遞。"]],
  },
  {
    code: "R-LEG-04",
    title: "稅務合規風險",
    titleEn: "Tax compliance",
    category: "LEGAL",
    description: "稅收政策理解偏差或申報錯誤,導致補稅和滯納金。",
    owner: "FIN",
    ownerUser: "financeHead",
    processes: ["P-FIN"],
    steps: ["P-FIN#6"],
    assessments: [
      [2, 4, 120],
      [2, 3, 80],
    ],
    responses: [["REDUCE", "重大交易事前稅務評估,年度聘請外部稅務師複核。"]],
  },
];
