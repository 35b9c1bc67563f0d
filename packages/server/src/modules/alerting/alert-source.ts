import { builder } from "../../builder.js";
import * as Enums from "../../generated/prisma/enums.js";

/** Where a warning comes from: a threshold rule, or a condition checked on a schedule. */
export const AlertSourceEnum = builder.enumType(Enums.AlertSource, { name: "AlertSource" });
