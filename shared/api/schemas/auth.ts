import { z } from 'zod';
import { ROLES } from '../../auth/rbac.js';

const email = z.email().max(254).describe('Stored encrypted; never logged');
/** The policy (length, common passwords, not the email) is checked by the service, which says which rule failed. */
const password = z.string().min(1).max(1024);
const totp = z.string().regex(/^\d{6}$/, 'six digits');
const refreshToken = z.string().min(20).max(256);

export const RegisterRequestSchema = z.strictObject({ email, password }).meta({ id: 'RegisterRequest' });
export const RegisterResponseSchema = z.object({ userId: z.uuid() }).meta({ id: 'RegisterResponse' });

export const LoginRequestSchema = z.strictObject({ email, password, totp: totp.optional() }).meta({ id: 'LoginRequest' });
export const TokenResponseSchema = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().positive().describe('Seconds until the access token expires'),
  })
  .meta({ id: 'TokenResponse' });

export const RefreshRequestSchema = z.strictObject({ refreshToken }).meta({ id: 'RefreshRequest' });
export const LogoutRequestSchema = z.strictObject({ refreshToken }).meta({ id: 'LogoutRequest' });

export const MfaSetupResponseSchema = z.object({ otpauthUrl: z.string(), secret: z.string() }).meta({ id: 'MfaSetupResponse' });
export const MfaVerifyRequestSchema = z.strictObject({ code: totp }).meta({ id: 'MfaVerifyRequest' });
export const MfaVerifyResponseSchema = z.object({ mfaEnabled: z.literal(true) }).meta({ id: 'MfaVerifyResponse' });

export const JwksSchema = z
  .object({
    keys: z.array(
      z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string(), kid: z.string(), alg: z.literal('EdDSA'), use: z.literal('sig') }),
    ),
  })
  .meta({ id: 'Jwks' });

export const UserIdParamsSchema = z.object({ userId: z.uuid() });
export const SetRolesRequestSchema = z
  .strictObject({ roles: z.array(z.enum(ROLES as [string, ...string[]])).min(1).max(ROLES.length) })
  .meta({ id: 'SetRolesRequest' });
export const SetRolesResponseSchema = z.object({ userId: z.uuid(), roles: z.array(z.string()) }).meta({ id: 'SetRolesResponse' });
