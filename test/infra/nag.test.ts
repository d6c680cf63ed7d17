import { Topic } from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from './synth.js';

/**
 * The control for the nag-clean assertion in stacks.test.ts: the same app with one deliberately
 * non-compliant resource must fail to synthesize, proving the checks run and block.
 */
describe('cdk-nag AwsSolutions on the app', () => {
  let failure: unknown;

  beforeAll(() => {
    try {
      const synth = synthesize({
        bundle: false,
        nag: true,
        beforeSynth: (stacks) => {
          // Unencrypted and accepting plain-HTTP publishers: AwsSolutions-SNS2 and SNS3.
          new Topic(stacks.observability, 'DeliberatelyNonCompliantTopic');
        },
      });
      synth.cleanup();
    } catch (error) {
      failure = error;
    }
  });

  it('blocks synthesis on an unacknowledged finding', () => {
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toMatch(/AwsSolutions-SNS[23]/);
    expect(message).toContain('DeliberatelyNonCompliantTopic');
  });
});
