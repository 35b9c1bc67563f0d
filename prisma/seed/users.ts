/**
 * One user per role (§2), each in the unit the role belongs to (§1.2). Upserted by e-mail; an
 * existing user's password hash is never overwritten, and the password is hashed at most once.
 */
import type { PrismaClient } from "../../packages/server/src/lib/db.js";
import type { Role } from "../../packages/server/src/generated/prisma/enums.js";
import { hashPassword } from "../../packages/server/src/modules/access/password.js";
import type { UnitIds } from "./org.js";

export interface UserSeed {
  email: string;
  name: string;
  role: Role;
  unit: string;
}

export const USERS: readonly UserSeed[] = [
  { email: "management@example.com", name: "陳志明", role: "MANAGEMENT", unit: "HO" },
  { email: "finance.head@example.com", name: "林淑芬", role: "DEPARTMENT_HEAD", unit: "FIN" },
  { email: "hr.head@example.com", name: "黃雅婷", role: "DEPARTMENT_HEAD", unit: "HR" },
  { email: "office@example.com", name: "張家豪", role: "PROCESS_OFFICE", unit: "PMO" },
  { email: "employee@example.com", name: "李怡君", role: "EMPLOYEE", unit: "FIN" },
  { email: "analyst@example.com", name: "王俊傑", role: "ANALYST", unit: "STR" },
  { email: "admin@example.com", name: "吳建宏", role: "ADMIN", unit: "HO" },
];

/** Short names for the seeded users, used by the other seed modules. */
export interface UserIds {
  management: string;
  financeHead: string;
  hrHead: string;
  office: string;
  employee: string;
  analyst: string;
  admin: string;
}

const KEYS: Record<string, keyof UserIds> = {
  "management@example.com": "management",
  "finance.head@example.com": "financeHead",
  "hr.head@example.com": "hrHead",
  "office@example.com": "office",
  "employee@example.com": "employee",
  "analyst@example.com": "analyst",
  "admin@example.com": "admin",
};

export async function seedUsers(prisma: PrismaClient, units: UnitIds, password: string): Promise<UserIds> {
  const existing = await prisma.user.findMany({
    where: { email: { in: USERS.map((u) => u.email) } },
    select: { email: true },
  });
  const known = new Set(existing.map((u) => u.email));
  // Hash once, and only when some user is new: argon2 is slow on purpose.
  const passwordHash = known.size < USERS.length ? await hashPassword(password) : "";
  const ids = {} as UserIds;
  for (const user of USERS) {
    const data = { name: user.name, roles: [user.role], unitId: units[user.unit] };
    const row = await prisma.user.upsert({
      where: { email: user.email },
      create: { email: user.email, passwordHash, ...data },
      update: data,
      select: { id: true },
    });
    ids[KEYS[user.email]] = row.id;
  }
  return ids;
}
