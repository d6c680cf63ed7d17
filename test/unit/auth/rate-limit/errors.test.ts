import { describe, expect, it } from 'vitest';
import { TooManyRequestsError } from '../../../../shared/auth/rate-limit/errors.js';
import { HttpError } from '../../../../shared/http/errors.js';
import { problemResponse, toHttpError } from '../../../../shared/http/problem.js';

describe('TooManyRequestsError', () => {
  it('is an HttpError that becomes a 429 problem with Retry-After', () => {
    const error = new TooManyRequestsError(42);
    expect(error).toBeInstanceOf(HttpError);
    expect(toHttpError(error)).toBe(error);
    const response = problemResponse(error, 'corr-1', '/auth/login');
    expect(response.statusCode).toBe(429);
    expect(response.headers).toMatchObject({ 'Content-Type': 'application/problem+json', 'Retry-After': '42' });
    expect(JSON.parse(response.body)).toMatchObject({
      type: 'https://fundcast.dev/problems/too-many-requests',
      title: 'Too Many Requests',
      status: 429,
      correlationId: 'corr-1',
    });
  });

  it('always sends whole seconds of at least 1', () => {
    expect(new TooManyRequestsError(0.2).headers['Retry-After']).toBe('1');
    expect(new TooManyRequestsError(0).headers['Retry-After']).toBe('1');
    expect(new TooManyRequestsError(Number.NaN).headers['Retry-After']).toBe('1');
    expect(new TooManyRequestsError(2.1).retryAfterSeconds).toBe(3);
    expect(new TooManyRequestsError(5).name).toBe('TooManyRequestsError');
    expect(new TooManyRequestsError(5).code).toBe('too-many-requests');
  });
});
