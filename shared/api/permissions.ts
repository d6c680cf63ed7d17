/**
 * Permissions a route can require. Roles (and their inheritance) map onto these in the identity
 * module; the route table only ever names a permission, never a role.
 */
export const PERMISSIONS = [
  'market:read',
  'market:create',
  'market:resolve',
  'order:place',
  'account:read',
  'account:credit',
  'user:roles',
  'sre:read',
  'sre:operate',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** A route anyone may call, without a token. */
export const PUBLIC = 'public' as const;
/** A route any signed-in caller may use on their own account, whatever their roles. */
export const AUTHENTICATED = 'authenticated' as const;
export type RoutePermission = Permission | typeof PUBLIC | typeof AUTHENTICATED;
