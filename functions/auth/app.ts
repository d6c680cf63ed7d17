import { type AppDeps, wiringOf } from '../../shared/app/deps.js';
import { type ApiHandler, createAreaHandler } from '../../shared/http/index.js';
import { getJwks } from './get-jwks.js';
import { login } from './login.js';
import { logout } from './logout.js';
import { setupMfa, verifyMfa } from './mfa.js';
import { refresh } from './refresh.js';
import { register } from './register.js';

/** The auth area: accounts, sign-in, token rotation, MFA, and the public keys. */
export function createAuthHandler(deps: AppDeps): ApiHandler {
  return createAreaHandler(
    'auth',
    {
      register: register(deps),
      login: login(deps),
      refresh: refresh(deps),
      logout: logout(deps),
      setupMfa: setupMfa(deps),
      verifyMfa: verifyMfa(deps),
      getJwks: getJwks(deps),
    },
    wiringOf(deps),
  );
}
