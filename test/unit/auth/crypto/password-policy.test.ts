import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, COMMON_PASSWORDS, isCommonPassword, PasswordPolicyCode } from '../../../../shared/auth/crypto/index.js';

const EMAIL = 'alice.smith@example.com';
const codes = (password: string, email = EMAIL): string[] => checkPasswordPolicy(password, email).map((violation) => violation.code);

describe('checkPasswordPolicy: length', () => {
  it('accepts a long, personal passphrase with no violation', () => {
    expect(checkPasswordPolicy('violet kettle under the pier', EMAIL)).toEqual([]);
  });

  it.each([
    ['11 characters', 'vK9#mq2Lz!w', ['password_too_short']],
    ['12 characters', 'vK9#mq2Lz!wR', []],
    ['128 characters', `${'vK9#mq2Lz!wR'.repeat(10)}Tb7$Qw8%`, []],
    ['129 characters', `${'vK9#mq2Lz!wR'.repeat(10)}Tb7$Qw8%x`, ['password_too_long']],
  ])('%s', (label, password, expected) => {
    expect(password).toHaveLength(Number.parseInt(label, 10));
    expect(codes(password)).toEqual(expected);
  });

  it('counts characters, not UTF-16 units: 11 emoji are too short even though they are 22 units', () => {
    const elevenEmoji = '\u{1F511}\u{1F30A}\u{1F33B}\u{1F680}\u{1F9CA}\u{1F3B2}\u{1F418}\u{1F30B}\u{1F9ED}\u{1F4A1}\u{1F3AF}';

    expect(elevenEmoji.length).toBe(22);
    expect(codes(elevenEmoji)).toEqual(['password_too_short']);
    expect(codes(`${elevenEmoji}\u{1F36A}`)).toEqual([]);
  });
});

describe('checkPasswordPolicy: the email', () => {
  it.each([
    ['the email itself', EMAIL],
    ['the email in other case', 'ALICE.SMITH@EXAMPLE.COM'],
    ['the email inside', 'my-alice.smith@example.com-pw'],
    ['the local part inside, any case', 'Alice.Smith-rocks-2024'],
  ])('refuses %s', (_label, password) => {
    expect(codes(password)).toContain(PasswordPolicyCode.containsEmail);
  });

  it('refuses the local part without its +tag', () => {
    expect(codes('jdoe-is-my-password-here', 'jdoe+fundcast@example.com')).toContain('password_contains_email');
  });

  it('ignores a local part too short to be more than chance', () => {
    expect(codes('totally unrelated words', 'al@example.com')).toEqual([]);
  });
});

describe('checkPasswordPolicy: common passwords', () => {
  it.each([
    ['listed as it is', 'correcthorsebatterystaple'],
    ['listed, in another case', 'CorrectHorseBatteryStaple'],
    ['a short base padded with digits', 'password1234'],
    ['a short base padded with symbols', 'Dragon!!!!!!'],
    ['leet-speak of a base', 'P@ssw0rd2024!'],
    ['a base repeated', 'qwertyqwerty'],
    ['a straight run of digits', '123456789012345'],
    ['one character repeated', 'zzzzzzzzzzzzzz'],
    ['the service name padded', 'FundCast2025!!'],
  ])('refuses %s', (_label, password) => {
    expect(codes(password)).toEqual([PasswordPolicyCode.common]);
  });

  it('does not mistake an unusual password for a common one', () => {
    expect(isCommonPassword('Passwort-Gurke-Tandem-17')).toBe(false);
    expect(isCommonPassword('monkey wrench symphony')).toBe(false);
  });

  it('holds about a hundred lower-case entries', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(90);
    expect(COMMON_PASSWORDS.size).toBeLessThanOrEqual(150);
    expect([...COMMON_PASSWORDS].every((entry) => entry === entry.toLowerCase())).toBe(true);
  });
});

describe('checkPasswordPolicy: violations', () => {
  it('reports every broken rule, each with a stable code and a human message', () => {
    const violations = checkPasswordPolicy('password', 'password@example.com');

    expect(violations.map((violation) => violation.code)).toEqual(['password_too_short', 'password_contains_email', 'password_too_common']);
    for (const violation of violations) expect(violation.message).toMatch(/^[A-Z].{10,}\.$/);
  });
});
