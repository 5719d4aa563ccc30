package io.github.serverlessopenclaw.plugin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateDiffTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void classifiesAddedModifiedReplacedRemovedAndFlagsSecurity() throws Exception {
        JsonNode before = json("""
                {"Resources": {
                  "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "a", "BillingMode": "PAY_PER_REQUEST"}},
                  "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"MemorySize": 512}},
                  "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"a": 1}}},
                  "Old": {"Type": "AWS::SQS::Queue"},
                  "Same": {"Type": "AWS::SNS::Topic"}}}""");
        JsonNode after = json("""
                {"Resources": {
                  "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "b", "BillingMode": "PAY_PER_REQUEST"}},
                  "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"MemorySize": 1024}},
                  "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"a": 2}}},
                  "Sg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "x"}},
                  "Same": {"Type": "AWS::SNS::Topic"}}}""");

        List<TemplateDiff.ResourceChange> changes = TemplateDiff.compare(before, after);

        assertThat(changes)
                .extracting(c -> c.logicalId() + ":" + c.kind() + ":" + c.security())
                .containsExactlyInAnyOrder(
                        "Table:REPLACED:false",
                        "Fn:MODIFIED:false",
                        "Role:MODIFIED:true",
                        "Sg:ADDED:true",
                        "Old:REMOVED:false");
        assertThat(changes.stream()
                        .filter(c -> c.logicalId().equals("Fn"))
                        .findFirst()
                        .orElseThrow()
                        .line())
                .isEqualTo("[~] Fn (AWS::Lambda::Function) MemorySize");
    }

    @Test
    void aNewStackIsAllAdditions() throws Exception {
        assertThat(TemplateDiff.compare(null, json("{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\"}}}")))
                .extracting(TemplateDiff.ResourceChange::kind)
                .containsExactly(TemplateDiff.Kind.ADDED);
    }
}
