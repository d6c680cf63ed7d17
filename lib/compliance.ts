import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/**
 * Runs cdk-nag's AwsSolutions pack on every stack at synth time (any unacknowledged finding fails
 * `cdk synth`). Acknowledgements are also written into the templates as `cdk_nag` metadata, so
 * each deployed resource carries the reason it is allowed to deviate.
 */
export function addComplianceChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }));
}
