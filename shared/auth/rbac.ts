import type { Permission } from '../api/permissions.js';

/**
 * Roles as data. `inherits` makes trader < market_maker < admin; `sre` stands apart (it reads
 * monitoring and operates breakers and the cache, but cannot trade or move money).
 */
export const ROLE_DEFINITIONS = {
  trader: { inherits: [], grants: ['market:read', 'order:place', 'account:read'] },
  market_maker: { inherits: ['trader'], grants: ['market:create'] },
  sre: { inherits: [], grants: ['sre:read', 'sre:operate'] },
  admin: { inherits: ['market_maker', 'sre'], grants: ['market:resolve', 'account:credit', 'user:roles'] },
} as const satisfies Record<string, { inherits: readonly string[]; grants: readonly Permission[] }>;

export type Role = keyof typeof ROLE_DEFINITIONS;
export const ROLES = Object.keys(ROLE_DEFINITIONS) as Role[];
/** What a newly registered account gets. */
export const DEFAULT_ROLES: readonly Role[] = ['trader'];

export function isRole(value: string): value is Role {
  return Object.hasOwn(ROLE_DEFINITIONS, value);
}

function collect(role: Role, into: Set<Permission>, seen: Set<Role>): void {
  if (seen.has(role)) return;
  seen.add(role);
  const definition = ROLE_DEFINITIONS[role];
  for (const permission of definition.grants) into.add(permission);
  for (const parent of definition.inherits) collect(parent, into, seen);
}

/** Every permission the roles grant, inherited ones included; unknown role names grant nothing. */
export function permissionsOf(roles: readonly string[]): ReadonlySet<Permission> {
  const permissions = new Set<Permission>();
  const seen = new Set<Role>();
  for (const role of roles) if (isRole(role)) collect(role, permissions, seen);
  return permissions;
}
