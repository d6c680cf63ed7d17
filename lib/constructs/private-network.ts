import { RemovalPolicy } from 'aws-cdk-lib';
import {
  FlowLogDestination,
  FlowLogTrafficType,
  GatewayVpcEndpointAwsService,
  InterfaceVpcEndpointAwsService,
  IpAddresses,
  Peer,
  Port,
  SecurityGroup,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Where the functions and the cache live: the isolated subnets, the only kind this VPC has. */
export const PRIVATE_SUBNETS = { subnetType: SubnetType.PRIVATE_ISOLATED } as const;

/**
 * The AWS APIs the function code calls (DynamoDB store, Secrets Manager for the identity secrets
 * and the cache token, KMS for PII data keys, SNS for the alert dispatcher's notifications), each reached through an interface endpoint except
 * DynamoDB, whose gateway endpoint is free. Logs, EMF metrics and X-Ray segments leave through the
 * Lambda service, and the stream mapping and its dead-letter queue are driven by Lambda too, so
 * none of those need an endpoint.
 */
export const INTERFACE_ENDPOINTS = {
  SecretsManager: InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  Kms: InterfaceVpcEndpointAwsService.KMS,
  // The alert dispatcher publishes to the on-call topic.
  Sns: InterfaceVpcEndpointAwsService.SNS,
} as const;

/** What a function needs to be placed in the network. */
export interface FunctionNetwork {
  readonly vpc: Vpc;
  readonly securityGroup: SecurityGroup;
}

export interface PrivateNetworkProps {
  readonly stage: string;
  readonly logRetention: RetentionDays;
}

/**
 * A VPC with no way to the internet: two AZs of isolated subnets, no internet gateway, no NAT
 * gateway. The functions reach AWS APIs through VPC endpoints, and the cache is reachable only
 * from the functions' security group. Every flow is logged.
 */
export class PrivateNetwork extends Construct {
  public readonly vpc: Vpc;
  /** Carried by every function; the cache and the endpoints accept connections from it alone. */
  public readonly functionsSecurityGroup: SecurityGroup;
  /** Carried by the interface endpoints. */
  public readonly endpointsSecurityGroup: SecurityGroup;
  public readonly flowLogGroup: LogGroup;

  constructor(scope: Construct, id: string, props: PrivateNetworkProps) {
    super(scope, id);

    this.vpc = new Vpc(this, 'Vpc', {
      ipAddresses: IpAddresses.cidr('10.0.0.0/16'),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'private', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 20 }],
      // Restricting the default group takes a CDK custom-resource Lambda; nothing is ever placed in
      // it (every ENI here gets one of the groups below), so its rules never apply to any traffic.
      restrictDefaultSecurityGroup: false,
    });

    this.flowLogGroup = new LogGroup(this, 'FlowLogs', {
      retention: props.logRetention,
      // Evidence of who talked to the cache; keep it like the function logs.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
      trafficType: FlowLogTrafficType.ALL,
    });

    this.functionsSecurityGroup = new SecurityGroup(this, 'FunctionsSecurityGroup', {
      vpc: this.vpc,
      description: `FundCast ${props.stage} Lambda functions`,
      allowAllOutbound: false,
    });
    // HTTPS anywhere only reaches the endpoints: the subnets have no other route out. The
    // DynamoDB gateway endpoint is addressed by a regional prefix list, so no narrower peer fits
    // an environment-agnostic template. The cache port is opened by the cache itself.
    this.functionsSecurityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), 'AWS APIs through the VPC endpoints');

    this.endpointsSecurityGroup = new SecurityGroup(this, 'EndpointsSecurityGroup', {
      vpc: this.vpc,
      description: `FundCast ${props.stage} interface VPC endpoints`,
      allowAllOutbound: false,
    });
    this.endpointsSecurityGroup.addIngressRule(this.functionsSecurityGroup, Port.tcp(443), 'HTTPS from the functions');

    this.vpc.addGatewayEndpoint('DynamoDb', { service: GatewayVpcEndpointAwsService.DYNAMODB, subnets: [PRIVATE_SUBNETS] });
    for (const [name, service] of Object.entries(INTERFACE_ENDPOINTS)) {
      this.vpc.addInterfaceEndpoint(name, {
        service,
        subnets: PRIVATE_SUBNETS,
        securityGroups: [this.endpointsSecurityGroup],
        // Not open to the whole VPC: only the functions' group (the ingress rule above).
        open: false,
        privateDnsEnabled: true,
      });
    }
  }

  /** The functions' placement: these subnets, this security group. */
  get functionNetwork(): FunctionNetwork {
    return { vpc: this.vpc, securityGroup: this.functionsSecurityGroup };
  }
}
