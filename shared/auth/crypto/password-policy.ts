import { COMMON_PASSWORDS } from './common-passwords.js';
import { normalisePassword } from './passwords.js';

/** Stable codes of the password rules; clients may switch on them, humans read the messages. */
export const PasswordPolicyCode = {
  tooShort: 'password_too_short',
  tooLong: 'password_too_long',
  containsEmail: 'password_contains_email',
  common: 'password_too_common',
} as const;
export type PasswordPolicyCode = (typeof PasswordPolicyCode)[keyof typeof PasswordPolicyCode];

/** One broken rule. */
export interface PolicyViolation {
  readonly code: PasswordPolicyCode;
  readonly message: string;
}

/** Length limits in characters (Unicode code points after NFKC, as the password is hashed). */
export const PASSWORD_LENGTH = { min: 12, max: 128 } as const;

/** A local part shorter than this is too likely to occur by chance ("al" in "totally…") to forbid. */
const MIN_EMAIL_FRAGMENT = 3;

const MESSAGES: Record<PasswordPolicyCode, string> = {
  password_too_short: `Use at least ${PASSWORD_LENGTH.min} characters.`,
  password_too_long: `Use at most ${PASSWORD_LENGTH.max} characters.`,
  password_contains_email: 'Do not use your email address, or its part before the @, in the password.',
  password_too_common: 'This password is too common; choose something less predictable.',
};

const violation = (code: PasswordPolicyCode): PolicyViolation => ({ code, message: MESSAGES[code] });

/** The fragments of an email a password must not contain: the address, its local part, and the local part before a "+tag". */
function emailFragments(email: string): string[] {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  const local = at > 0 ? address.slice(0, at) : address;
  const untagged = local.split('+')[0] ?? local;
  return [...new Set([address, local, untagged])].filter((fragment) => fragment.length >= MIN_EMAIL_FRAGMENT);
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };
const unleet = (value: string): string => value.replace(/[013457@$!]/g, (char) => LEET[char] ?? char);
/** Padding people add to a weak word to pass a length rule: anything but letters (digits, punctuation, spaces) at either end. */
const stripPadding = (value: string): string => value.replace(/^\P{L}+|\P{L}+$/gu, '');
/** "qwertyqwerty" → "qwerty": the shortest unit the value repeats, or the value itself. */
function repeatedUnit(value: string): string {
  for (let size = 1; size <= value.length / 2; size += 1) {
    if (value.length % size === 0 && value.slice(0, size).repeat(value.length / size) === value) return value.slice(0, size);
  }
  return value;
}

/** "1234567890123", "aaaaaaaaaaaa", "zyxwvutsrqpo": one character stepped by -1, 0 or +1 (digits wrap 9→0). */
function isStraightRun(value: string): boolean {
  if (value.length < 4) return false;
  const digits = /^\d+$/.test(value);
  const steps = new Set<number>();
  for (let index = 1; index < value.length; index += 1) {
    const step = value.charCodeAt(index) - value.charCodeAt(index - 1);
    steps.add(digits ? (step + 10) % 10 : step);
  }
  const [only] = [...steps];
  return steps.size === 1 && only !== undefined && (digits ? [0, 1, 9].includes(only) : Math.abs(only) <= 1);
}

/** True when the password, or what is left of it once trivial variations are undone, is on the common list. */
export function isCommonPassword(password: string): boolean {
  const lower = normalisePassword(password).toLowerCase();
  const stripped = stripPadding(lower);
  const candidates = [lower, stripped, unleet(lower), unleet(stripped), stripPadding(unleet(lower))].flatMap((value) => [value, repeatedUnit(value)]);
  return candidates.some((candidate) => candidate.length > 0 && (COMMON_PASSWORDS.has(candidate) || isStraightRun(candidate)));
}

/**
 * The rules a new password breaks (empty when it is acceptable): length, the user's own email, and
 * the common-password list. All comparisons ignore case.
 */
export function checkPasswordPolicy(password: string, email: string): PolicyViolation[] {
  const normalised = normalisePassword(password);
  const length = [...normalised].length;
  const violations: PolicyViolation[] = [];
  if (length < PASSWORD_LENGTH.min) violations.push(violation(PasswordPolicyCode.tooShort));
  if (length > PASSWORD_LENGTH.max) violations.push(violation(PasswordPolicyCode.tooLong));
  const lower = normalised.toLowerCase();
  if (emailFragments(email).some((fragment) => lower.includes(fragment))) violations.push(violation(PasswordPolicyCode.containsEmail));
  if (isCommonPassword(normalised)) violations.push(violation(PasswordPolicyCode.common));
  return violations;
}
