// Framework mappings as data (RULES.md "Compliance mapping"), each written once and named for the
// requirement it states, so rules that cite the same requirement cite it the same way.
import type { ControlRef } from '../types';

/** CIS AWS Foundations Benchmark numbers by edition, in the order RULES.md lists editions. */
function cisControls(byVersion: Record<string, string>): ControlRef[] {
  return Object.entries(byVersion).map(([version, control]) => ({ framework: 'CIS AWS Foundations', version, control }));
}

/** Marks mappings inferred rather than stated by the framework, for the reviewer to confirm. */
export const suggested = (refs: readonly ControlRef[]): ControlRef[] => refs.map((c) => ({ ...c, suggested: true }));

export const securityHub = (control: string): ControlRef => ({ framework: 'AWS Security Hub', version: 'CSPM control', control });
/** The one way texts name a Security Hub control, the same words as `securityHub` renders. */
export const securityHubName = (control: string): string => `AWS Security Hub CSPM control ${control}`;
export const configRule = (control: string): ControlRef => ({ framework: 'AWS Config', version: 'managed rule', control });
export const pciDss = (control: string): ControlRef => ({ framework: 'PCI DSS', version: '4.0.1', control });
// RULES.md: ISO/IEC 27001, SOC 2 and HIPAA mappings are always suggested; so is NIST SP 800-53,
// for which no official crosswalk to these checks exists.
export const nist80053 = (control: string): ControlRef => ({ framework: 'NIST SP 800-53', version: 'Rev. 5', control, suggested: true });
export const iso27001 = (control: string): ControlRef => ({ framework: 'ISO/IEC 27001', version: '2022', control, suggested: true });
export const soc2 = (control: string): ControlRef => ({ framework: 'SOC 2', version: '2017', control, suggested: true });
export const hipaa = (control: string): ControlRef => ({ framework: 'HIPAA Security Rule', version: '45 CFR Part 164', control, suggested: true });

// ---- CIS requirements about root -------------------------------------------------------------

/** "Eliminate use of the root user for administrative and daily tasks." */
export const CIS_ROOT_USE: readonly ControlRef[] = cisControls({ '1.2': '1.1', '1.3–4.0': '1.7', '5.0': '1.6', '6.0': '2.6', '7.0': '2.7' });
/** "Ensure no root user account access key exists." */
export const CIS_NO_ROOT_ACCESS_KEY: readonly ControlRef[] = cisControls({ '1.2': '1.12', '1.3–4.0': '1.4', '5.0': '1.3', '6.0': '2.3', '7.0': '2.4' });
/** "Ensure MFA is enabled for the root user account." */
export const CIS_ROOT_MFA: readonly ControlRef[] = cisControls({ '1.2': '1.13', '1.3–4.0': '1.5', '5.0': '1.4', '6.0': '2.4', '7.0': '2.5' });
/** "Ensure hardware MFA is enabled for the root user account." */
export const CIS_ROOT_HARDWARE_MFA: readonly ControlRef[] = cisControls({ '1.2': '1.14', '1.3–4.0': '1.6', '5.0': '1.5', '6.0': '2.5', '7.0': '2.6' });
/** "Ensure a log metric filter and alarm exist for usage of the root account." */
export const CIS_ROOT_USAGE_ALARM: readonly ControlRef[] = cisControls({ '1.2': '3.3', '1.3–4.0': '4.3', '5.0': '4.3', '6.0': '5.3', '7.0': '5.3' });
/** Centralized root access for member accounts (v7.0 only; an organization-level check). */
export const CIS_CENTRALIZED_ROOT_ACCESS: readonly ControlRef[] = cisControls({ '7.0': '2.1.1' });

// ---- CIS requirements about IAM users ----------------------------------------------------------

/** "Ensure MFA is enabled for all IAM users that have a console password." */
export const CIS_USER_CONSOLE_MFA: readonly ControlRef[] = cisControls({ '1.2': '1.2', '1.3–4.0': '1.10', '5.0': '1.9', '6.0': '2.9', '7.0': '2.10' });
/**
 * "Ensure credentials unused for 45 days or more are disabled". v1.2 (item 1.3) and v1.3 (item 1.12)
 * said 90 days; from v1.4 the limit is 45, so v1.3 is its own edition here.
 */
export const CIS_UNUSED_CREDENTIALS: readonly ControlRef[] = cisControls({ '1.2': '1.3', '1.3': '1.12', '1.4–4.0': '1.12', '5.0': '1.11', '6.0': '2.11', '7.0': '2.11' });
/** "Ensure access keys are rotated every 90 days or less." */
export const CIS_KEY_ROTATION: readonly ControlRef[] = cisControls({ '1.2': '1.4', '1.3–4.0': '1.14', '5.0': '1.13', '6.0': '2.13', '7.0': '2.12' });
/** "Ensure there is only one active access key for any single IAM user" (v1.3 to v6.0 only; v1.2 and v7.0 have no equivalent). */
export const CIS_ONE_ACTIVE_KEY: readonly ControlRef[] = cisControls({ '1.3–4.0': '1.13', '5.0': '1.12', '6.0': '2.12' });
/** "Do not set up access keys during initial user setup" (up to v6.0; RULES.md lists no v7.0 number). */
export const CIS_NO_SETUP_KEY: readonly ControlRef[] = cisControls({ '1.2': '1.21', '1.3–4.0': '1.11', '5.0': '1.10', '6.0': '2.10' });
