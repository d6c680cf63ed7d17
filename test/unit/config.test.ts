import { describe, expect, it } from 'vitest';
import { ConfigError, loadLocalConfig, loadRuntimeConfig } from '../../shared/config.js';

describe('config', () => {
  it('has working defaults for a bare environment', () => {
    const config = loadLocalConfig({});
    expect(config).toMatchObject({
      store: 'sqlite',
      sqlitePath: './.fundcast/fundcast.sqlite',
      port: 3000,
      redisUrl: undefined,
      redisAutostart: true,
      tableNames: { main: 'fundcast-main', breakers: 'fundcast-breakers' },
      maxBodyBytes: 32768,
      bootstrapAdmin: undefined,
    });
  });

  it('reads every variable it documents', () => {
    const config = loadLocalConfig({
      PORT: '8080',
      STORE: 'dynamodb',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
      REDIS_URL: 'redis://127.0.0.1:6380',
      DATA_DIR: '/tmp/x',
      MAX_BODY_BYTES: '2048',
      FUNDCAST_BOOTSTRAP_ADMIN_EMAIL: 'admin@example.com',
      FUNDCAST_BOOTSTRAP_ADMIN_PASSWORD: 'correct horse battery',
    });
    expect(config).toMatchObject({
      port: 8080,
      store: 'dynamodb',
      dynamodbEndpoint: 'http://127.0.0.1:8000',
      redisUrl: 'redis://127.0.0.1:6380',
      sqlitePath: '/tmp/x/fundcast.sqlite',
      maxBodyBytes: 2048,
      bootstrapAdmin: { email: 'admin@example.com', password: 'correct horse battery' },
    });
  });

  it('names every bad variable and its value in one error', () => {
    const error = (() => {
      try {
        loadRuntimeConfig({ STORE: 'postgres', MAX_BODY_BYTES: 'lots' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variables.sort()).toEqual(['MAX_BODY_BYTES', 'STORE']);
    expect((error as ConfigError).message).toMatch(/STORE: .*\(got "postgres"\)/);
    expect(() => loadLocalConfig({ PORT: '99999' })).toThrow(/PORT/);
  });

  it('never echoes a secret value', () => {
    expect(() => loadRuntimeConfig({ REDIS_URL: 'http://user:hunter2@cache' })).toThrow(ConfigError);
    expect(() => loadRuntimeConfig({ REDIS_URL: 'http://user:hunter2@cache' })).not.toThrow(/hunter2/);
  });

  it('wants both halves of the bootstrap admin or neither', () => {
    expect(() => loadLocalConfig({ FUNDCAST_BOOTSTRAP_ADMIN_EMAIL: 'admin@example.com' })).toThrow(/FUNDCAST_BOOTSTRAP_ADMIN_PASSWORD/);
  });
});
