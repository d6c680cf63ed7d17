#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { addComplianceChecks } from '../lib/compliance.js';
import { loadCdkConfig } from '../lib/config.js';
import { createStacks } from '../lib/create-stacks.js';

/** The CDK app: one stage per synth (`-c stage=<name>`), checked against cdk-nag AwsSolutions. */
const app = new App();
createStacks(app, loadCdkConfig(app));
addComplianceChecks(app);
