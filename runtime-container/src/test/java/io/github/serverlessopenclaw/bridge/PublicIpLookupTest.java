package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.common.SignedCall;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The bridge's one EC2 call, signed by hand, against moto's EC2 (the role test runs it under moto's IAM). */
@ExtendWith(MotoExtension.class)
class PublicIpLookupTest {
    private static final StaticCredentialsProvider KEYS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(Moto.ACCESS_KEY, Moto.SECRET_KEY));

    @Test
    void findsThePublicIpOfTheInterfaceWithThatPrivateAddress(Moto moto) {
        String publicIp = AwsFixture.attachPublicIp(moto, "10.0.0.41");
        try (Ec2Client ec2 = moto.client(Ec2Client.builder())) { // another interface, without a public address
            String vpc = ec2.createVpc(b -> b.cidrBlock("10.1.0.0/16")).vpc().vpcId();
            String subnet = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.1.0.0/24"))
                    .subnet()
                    .subnetId();
            ec2.createNetworkInterface(b -> b.subnetId(subnet).privateIpAddress("10.1.0.42"));
        }
        PublicIpLookup lookup = AwsFixture.publicIps(moto, KEYS);

        assertThat(lookup.publicIp("10.0.0.41")).isEqualTo(publicIp);
        assertThat(lookup.publicIp("10.1.0.42"))
                .as("an interface without a public address")
                .isNull();
        assertThat(lookup.publicIp("10.9.9.9")).as("no such interface").isNull();
    }

    @Test
    void anUnreachableEc2GivesNoPublicIpInsteadOfFailingTheStart() {
        PublicIpLookup lookup = new PublicIpLookup(() -> new SignedCall(
                UrlConnectionHttpClient.create(), KEYS, Moto.REGION, "ec2", URI.create("http://127.0.0.1:9")));
        assertThat(lookup.publicIp("10.0.0.41")).isNull();
    }

    @Test
    void attackAnAnswerWithADoctypeIsRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<DescribeNetworkInterfacesResponse><networkInterfaceSet><item><association><publicIp>&x;</publicIp>"
                + "</association></item></networkInterfaceSet></DescribeNetworkInterfacesResponse>";
        assertThatThrownBy(() -> PublicIpLookup.firstPublicIp(xxe)).hasMessageContaining("not XML");
    }

    @Test
    void readsOnlyTheInterfacesOwnAssociation() {
        // a secondary private address's association sits deeper (privateIpAddressesSet/item/association): not read
        String xml = "<DescribeNetworkInterfacesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                + "<networkInterfaceSet><item><privateIpAddressesSet><item><association><publicIp>198.51.100.9</publicIp>"
                + "</association></item></privateIpAddressesSet></item>"
                + "<item><association><publicIp>203.0.113.7</publicIp></association></item></networkInterfaceSet>"
                + "</DescribeNetworkInterfacesResponse>";
        assertThat(PublicIpLookup.firstPublicIp(xml)).isEqualTo("203.0.113.7");
    }
}
