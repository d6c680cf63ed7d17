import type { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';
import { logicalId, resources } from './synth.js';

/** One IAM policy statement as it appears in a synthesized template. */
export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export type Construct = { node: { defaultChild?: unknown } };

export const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
/** The logical id of a construct's CloudFormation resource, and the two ways a template points at it. */
export const idOf = (construct: Construct): string => logicalId(construct.node.defaultChild);
export const ref = (construct: Construct) => ({ Ref: idOf(construct) });
export const arnOf = (construct: Construct) => ({ 'Fn::GetAtt': [idOf(construct), 'Arn'] });

/** The statements of a role's policy in `template`, asserting the role has exactly one policy. */
export function roleStatements(template: Template, role: Construct): Statement[] {
  const roleId = idOf(role);
  const policies = Object.values(resources(template, 'AWS::IAM::Policy')).filter((policy) =>
    JSON.stringify(policy.Properties?.Roles).includes(`"${roleId}"`),
  );
  expect(policies).toHaveLength(1);
  return (policies[0]?.Properties?.PolicyDocument as { Statement: Statement[] }).Statement;
}
