package io.github.serverlessopenclaw.plugin.stacks;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

/**
 * VPC with two public subnets and no NAT gateway (about $33/month saved): tasks get public IPs and reach
 * DynamoDB and S3 through free gateway endpoints. The bridge port is open to the internet because the Lambdas
 * run outside the VPC; the bridge's bearer token is the protection.
 */
final class NetworkStack extends OpenClawStack {

    /**
     * In a fixed order: Map.of iterates in an order that changes from JVM to JVM, which reordered the
     * template's resources, changed its asset hash and made a no-op redeploy upload it again.
     */
    private static Map<String, GatewayVpcEndpointOptions> gatewayEndpoints() {
        Map<String, GatewayVpcEndpointOptions> endpoints = new LinkedHashMap<>();
        endpoints.put(
                "DynamoDbEndpoint",
                GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.DYNAMODB)
                        .build());
        endpoints.put(
                "S3Endpoint",
                GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.S3)
                        .build());
        return endpoints;
    }

    NetworkStack(Construct scope, StackConfig config) {
        super(scope, ProductStack.NETWORK, config, "VPC, public subnets, gateway endpoints, bridge security group");
        Vpc vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr("10.0.0.0/16"))
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("Public")
                        .subnetType(SubnetType.PUBLIC)
                        .cidrMask(24)
                        .build()))
                .gatewayEndpoints(gatewayEndpoints())
                .build();

        SecurityGroup bridge = SecurityGroup.Builder.create(this, "BridgeSecurityGroup")
                .vpc(vpc)
                .description("OpenClaw containers of " + names.appName() + ": bridge port from the Lambdas")
                .allowAllOutbound(true)
                .build();
        bridge.addIngressRule(
                Peer.anyIpv4(),
                Port.tcp(Constants.BRIDGE_PORT),
                "Bridge HTTP from Lambdas outside the VPC (bearer token auth)");

        share(
                SharedValue.SUBNET_IDS,
                Fn.join(
                        ",",
                        vpc.getPublicSubnets().stream()
                                .map(s -> s.getSubnetId())
                                .toList()));
        share(SharedValue.SECURITY_GROUP_ID, bridge.getSecurityGroupId());
    }
}
