// The doctor's output: one aligned line per check and a summary, or one JSON object (--json).
import type { Check, CheckStatus } from "./checks";

const MARKS: Record<CheckStatus, string> = { ok: "ok", fail: "FAIL", warn: "warn", info: "info" };
const LABEL_WIDTH = 9;

export interface DoctorReport {
  ok: boolean;
  /** Checks that pass or fail; info lines are not counted. */
  counted: number;
  failed: number;
  warnings: number;
  checks: Check[];
}

export function summarize(checks: Check[]): DoctorReport {
  const counted = checks.filter((check) => check.status !== "info").length;
  const failed = checks.filter((check) => check.status === "fail").length;
  const warnings = checks.filter((check) => check.status === "warn").length;
  return { ok: failed === 0, counted, failed, warnings, checks };
}

function summaryLine(report: DoctorReport): string {
  const warned = report.warnings === 0 ? "" : `, ${report.warnings} with a warning`;
  if (report.ok) return `All ${report.counted} checks passed${warned}.`;
  return `${report.failed} of ${report.counted} checks failed${warned}: fix what the FAIL lines above name (variables go in the environment or in .env, see .env.example), then run \`topcoins doctor\` again.`;
}

export function renderText(report: DoctorReport): string[] {
  const lines = report.checks.map(
    (check) => `${MARKS[check.status].padEnd(4)}  ${check.label.padEnd(LABEL_WIDTH)}  ${check.message}`,
  );
  return [...lines, "", summaryLine(report)];
}

export function renderJson(report: DoctorReport): string {
  const checks = report.checks.map(({ check, label, status, message, details }) => ({
    check,
    label,
    status,
    message,
    ...details,
  }));
  const { ok, counted, failed, warnings } = report;
  return JSON.stringify({ ok, checks: counted, failed, warnings, results: checks }, null, 2);
}
