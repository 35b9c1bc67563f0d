/**
 * §2.1.2 escalation: a CRITICAL alert not acknowledged within a step's minutes goes to that
 * step's contact point (the unit head, then management …), until it is acknowledged or resolved.
 * Pure functions of the steps and `now`; `passes.ts` writes what they decide.
 */

export interface EscalationStep {
  afterMinutes: number;
  contactPointId: string;
}

/** The steps (their indexes) whose time has come for an alert CRITICAL since `criticalSince`. */
export function stepsDue(steps: EscalationStep[], criticalSince: Date, now: Date): number[] {
  const elapsed = (now.getTime() - criticalSince.getTime()) / 60_000;
  return steps.flatMap((s, i) => (elapsed >= s.afterMinutes ? [i] : []));
}

/** The policy for a process category: its own, else the one without a category; null when none. */
export function policyFor<P extends { category: string | null }>(policies: P[], category: string | null): P | null {
  return policies.find((p) => p.category != null && p.category === category) ?? policies.find((p) => p.category == null) ?? null;
}

/** Checks steps given as input: increasing minutes, at most 10. */
export function validateSteps(steps: EscalationStep[]): string | null {
  if (steps.length === 0 || steps.length > 10) return "steps must have 1 to 10 steps.";
  for (let i = 0; i < steps.length; i++) {
    const m = steps[i]!.afterMinutes;
    if (!Number.isInteger(m) || m < 0 || m > 7 * 24 * 60) return `steps.${i}.afterMinutes must be a whole number of minutes up to a week.`;
    if (i > 0 && m <= steps[i - 1]!.afterMinutes) return `steps.${i}.afterMinutes must be later than the step before.`;
  }
  return null;
}
