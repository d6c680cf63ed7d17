import type { APIGatewayProxyResult } from 'aws-lambda';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE } from '../api/http-contract.js';
import type { Problem } from '../api/schemas/problem.js';
import { BreakerOpenError, UnknownBreakerError } from '../resilience/errors.js';
import {
  ConditionFailedError,
  InvalidCursorError,
  StoreUnavailableError,
  TransactionConflictError,
} from '../store/errors.js';
import { KeyUnavailableError } from '../auth/crypto/errors.js';
import { ContentionError, MarketsError } from '../markets/errors.js';
import {
  ConcurrentChangeError,
  EmailTakenError,
  IdentityError,
  InvalidCredentialsError,
  MfaRequiredError,
  MfaStateError,
  PasswordPolicyError,
  SelfGrantError,
  UserNotFoundError,
} from '../auth/errors.js';
import { BadRequestError, ConflictError, ForbiddenError, HttpError, NotFoundError, ServiceUnavailableError, UnauthorizedError } from './errors.js';

export { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE };

const STORE_RETRY_AFTER_SECONDS = 5;
const CONFLICT_RETRY_AFTER_SECONDS = 1;
const STATUS_TITLES: Readonly<Record<number, string>> = { 400: 'Bad Request', 404: 'Not Found', 409: 'Conflict', 422: 'Unprocessable Content' };

/** Turns domain and store errors into their HTTP meaning; anything unknown becomes an opaque 500. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof StoreUnavailableError) {
    const retryAfter = 'retryAfterSeconds' in error && typeof error.retryAfterSeconds === 'number' ? error.retryAfterSeconds : STORE_RETRY_AFTER_SECONDS;
    return new ServiceUnavailableError(Math.max(1, Math.ceil(retryAfter)), undefined, { cause: error });
  }
  if (error instanceof BreakerOpenError) return new ServiceUnavailableError(Math.max(1, Math.ceil(error.retryAfterSeconds)), undefined, { cause: error });
  if (error instanceof UnknownBreakerError) return new NotFoundError('No circuit breaker has that name');
  if (error instanceof TransactionConflictError) {
    return new ServiceUnavailableError(CONFLICT_RETRY_AFTER_SECONDS, 'Too much contention on this resource; retry shortly', { cause: error });
  }
  if (error instanceof InvalidCursorError) return new BadRequestError('The pagination cursor is not valid', undefined, { cause: error });
  if (error instanceof ConditionFailedError) return new ConflictError('The resource changed while the request ran', { cause: error });
  if (error instanceof IdentityError) return identityHttpError(error);
  if (error instanceof ContentionError) {
    return new ServiceUnavailableError(CONFLICT_RETRY_AFTER_SECONDS, 'Too much contention on this market; retry shortly', { cause: error });
  }
  if (error instanceof MarketsError && error.httpStatus < 500) {
    const code = error.code.toLowerCase().replaceAll('_', '-');
    return new HttpError(error.httpStatus, code, STATUS_TITLES[error.httpStatus] ?? 'Bad Request', error.message, { cause: error });
  }
  if (error instanceof KeyUnavailableError) return new ServiceUnavailableError(STORE_RETRY_AFTER_SECONDS, undefined, { cause: error });
  return new HttpError(500, 'internal', 'Internal Server Error', undefined, { cause: error });
}

/** Builds an RFC 9457 response. Below 500 the detail is shown; at 500 and above it never is. */
export function problemResponse(error: HttpError, correlationId: string, instance?: string): APIGatewayProxyResult {
  const problem: Problem = {
    type: `${PROBLEM_TYPE_BASE}${error.code}`,
    title: error.title,
    status: error.status,
    ...(error.status < 500 || error.status === 503 ? { detail: error.message } : {}),
    ...(instance ? { instance } : {}),
    correlationId,
    ...(error.extensions as Partial<Problem>),
  };
  return {
    statusCode: error.status,
    headers: { 'Content-Type': PROBLEM_CONTENT_TYPE, ...error.headers },
    body: JSON.stringify(problem),
  };
}

function identityHttpError(error: IdentityError): HttpError {
  if (error instanceof MfaRequiredError) {
    return new HttpError(401, 'mfa-required', 'Unauthorized', error.message, { headers: { 'WWW-Authenticate': 'Bearer' } });
  }
  if (error instanceof InvalidCredentialsError) return new UnauthorizedError(error.message);
  if (error instanceof PasswordPolicyError) {
    return new BadRequestError(error.message, error.violations.map((violation) => ({ path: 'body.password', message: violation.message })));
  }
  if (error instanceof EmailTakenError || error instanceof MfaStateError || error instanceof ConcurrentChangeError) return new ConflictError(error.message);
  if (error instanceof SelfGrantError) return new ForbiddenError(error.message);
  if (error instanceof UserNotFoundError) return new NotFoundError(error.message);
  return new HttpError(500, 'internal', 'Internal Server Error', undefined, { cause: error });
}
