import { logicalId } from './synth.js';

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
