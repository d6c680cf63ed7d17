import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';

/** Sends a message to people: the on-call topic in the cloud, a recorder in tests. */
export interface Notifier {
  notify(subject: string, message: string): Promise<void>;
}

export interface SnsNotifierOptions {
  readonly topicArn: string;
  readonly region?: string | undefined;
  /** Injected by tests; one is created from `region` otherwise. */
  readonly client?: Pick<SNSClient, 'send'>;
}

/**
 * Publishes to one SNS topic. The topic is KMS-encrypted, so the caller also needs
 * kms:GenerateDataKey and kms:Decrypt on its key (granted in CDK next to sns:Publish).
 */
export function snsNotifier(options: SnsNotifierOptions): Notifier {
  const client = options.client ?? new SNSClient(options.region ? { region: options.region } : {});
  return {
    async notify(subject: string, message: string): Promise<void> {
      await client.send(new PublishCommand({ TopicArn: options.topicArn, Subject: subject, Message: message }));
    },
  };
}
