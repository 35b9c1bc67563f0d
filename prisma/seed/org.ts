/**
 * The organisation (§1.2): the head office, its departments (one of them the process office of
 * §2.3) and two branches. Upserted by code.
 */
import type { PrismaClient } from "../../packages/server/src/lib/db.js";
import type { OrgUnitKind } from "../../packages/server/src/generated/prisma/enums.js";

export interface UnitSeed {
  code: string;
  name: string;
  nameEn: string;
  kind: OrgUnitKind;
  parent: string | null;
  isProcessOffice?: boolean;
}

export const HEAD_OFFICE = "HO";

export const UNITS: readonly UnitSeed[] = [
  { code: "HO", name: "總公司", nameEn: "Head Office", kind: "HEAD_OFFICE", parent: null },
  {
    code: "PMO",
    name: "流程歸口管理部門",
    nameEn: "Process Management Office",
    kind: "DEPARTMENT",
    parent: "HO",
    isProcessOffice: true,
  },
  { code: "STR", name: "戰略發展部", nameEn: "Strategy & Development Department", kind: "DEPARTMENT", parent: "HO" },
  { code: "MKT", name: "市場營銷部", nameEn: "Marketing & Sales Department", kind: "DEPARTMENT", parent: "HO" },
  { code: "FIN", name: "財務部", nameEn: "Finance Department", kind: "DEPARTMENT", parent: "HO" },
  { code: "HR", name: "人力資源部", nameEn: "Human Resources Department", kind: "DEPARTMENT", parent: "HO" },
  { code: "ADM", name: "行政部", nameEn: "Administration Department", kind: "DEPARTMENT", parent: "HO" },
  { code: "RSK", name: "風險合規部", nameEn: "Risk & Compliance Department", kind: "DEPARTMENT", parent: "HO" },
  { code: "BR-N", name: "北區分公司", nameEn: "North Branch", kind: "BRANCH", parent: "HO" },
  { code: "BR-S", name: "南區分公司", nameEn: "South Branch", kind: "BRANCH", parent: "HO" },
];

/** Unit code → id. */
export type UnitIds = Record<string, string>;

/** Upserts the org tree, parents before children; returns the ids by code. */
export async function seedOrg(prisma: PrismaClient): Promise<UnitIds> {
  const ids: UnitIds = {};
  for (const unit of UNITS) {
    const data = {
      name: unit.name,
      nameEn: unit.nameEn,
      kind: unit.kind,
      isProcessOffice: unit.isProcessOffice ?? false,
      parentId: unit.parent ? ids[unit.parent] : null,
    };
    const row = await prisma.orgUnit.upsert({
      where: { code: unit.code },
      create: { code: unit.code, ...data },
      update: data,
      select: { id: true },
    });
    ids[unit.code] = row.id;
  }
  return ids;
}
