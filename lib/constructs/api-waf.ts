import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface ApiWafProps {
  readonly stage: string;
  /** ARN of the API Gateway stage to protect. */
  readonly stageArn: string;
  /** Requests one client IP may send per 5-minute window before WAF blocks it. */
  readonly rateLimitPer5Minutes: number;
}

/** A managed rule group, evaluated in priority order. */
interface ManagedGroup {
  readonly name: string;
  /** Rules of the group switched to count-only, each with the reason. */
  readonly countOnly?: readonly string[];
}

const MANAGED_GROUPS: readonly ManagedGroup[] = [
  { name: 'AWSManagedRulesAmazonIpReputationList' },
  {
    name: 'AWSManagedRulesCommonRuleSet',
    // This rule blocks bodies over 8 KB; the handlers enforce the per-route body limit themselves
    // and answer 413 problem+json, which a WAF block would hide behind a 403.
    countOnly: ['SizeRestrictions_BODY'],
  },
  { name: 'AWSManagedRulesKnownBadInputsRuleSet' },
];

/**
 * Regional WAFv2 web ACL on the API stage: AWS managed rules (IP reputation, common exploits,
 * known bad inputs) and a per-IP rate limit in front of the stage throttling and the handlers'
 * own rate limiter. Blocks surface as API Gateway's WAF_FILTERED response (problem+json 403).
 */
export class ApiWaf extends Construct {
  public readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiWafProps) {
    super(scope, id);
    const metric = (name: string): CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName: `fundcast-${props.stage}-${name}`,
      sampledRequestsEnabled: true,
    });

    const managedRules: CfnWebACL.RuleProperty[] = MANAGED_GROUPS.map((group, index) => ({
      name: group.name,
      priority: (index + 1) * 10,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name: group.name,
          ...(group.countOnly
            ? { ruleActionOverrides: group.countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }
            : {}),
        },
      },
      visibilityConfig: metric(group.name),
    }));

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `fundcast-${props.stage}-api`,
      description: `FundCast ${props.stage} API protection`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: metric('api'),
      rules: [
        ...managedRules,
        {
          name: 'RateLimitPerIp',
          priority: (MANAGED_GROUPS.length + 1) * 10,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: props.rateLimitPer5Minutes,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
            },
          },
          visibilityConfig: metric('rate-limit-per-ip'),
        },
      ],
    });

    new CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}
