package io.github.serverlessopenclaw.plugin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.ResourceChange;
import software.amazon.awssdk.services.cloudformation.model.ResourceChangeDetail;
import software.amazon.awssdk.services.cloudformation.model.ResourceTargetDefinition;

/**
 * How a change set's entries read, in the shape AWS documents for DescribeChangeSet with
 * IncludePropertyValues (Replacement, Details[].Target with Path, values and RequiresRecreation). moto
 * returns only Action and ids, so this shape is built here, not recorded from moto.
 */
class ChangeSetDiffTest {

    private static ResourceChangeDetail detail(
            String name, String path, String before, String after, String recreation) {
        return ResourceChangeDetail.builder()
                .evaluation("Static")
                .changeSource("DirectModification")
                .target(ResourceTargetDefinition.builder()
                        .attribute("Properties")
                        .name(name)
                        .path(path)
                        .beforeValue(before)
                        .afterValue(after)
                        .requiresRecreation(recreation)
                        .attributeChangeType("Modify")
                        .build())
                .build();
    }

    @Test
    void aReplacementNamesThePropertyThatCausesIt() {
        ResourceChange change = ResourceChange.builder()
                .action("Modify")
                .logicalResourceId("Items")
                .resourceType("AWS::DynamoDB::Table")
                .replacement("True")
                .scopeWithStrings("Properties")
                .details(
                        detail("TableName", "/Properties/TableName", "a", "b", "Always"),
                        detail("BillingMode", "/Properties/BillingMode", "PROVISIONED", "PAY_PER_REQUEST", "Never"))
                .build();

        TemplateDiff.ResourceChange read = ChangeSetDiff.change(change);

        assertThat(read.kind()).isEqualTo(TemplateDiff.Kind.REPLACED);
        assertThat(read.line())
                .isEqualTo("[-/+] Items (AWS::DynamoDB::Table) /Properties/TableName: a → b (replaces), "
                        + "/Properties/BillingMode: PROVISIONED → PAY_PER_REQUEST  (replaced)");
    }

    @Test
    void aConditionalReplacementIsShownAsMaybe() {
        ResourceChange change = ResourceChange.builder()
                .action("Modify")
                .logicalResourceId("Fn")
                .resourceType("AWS::Lambda::Function")
                .replacement("Conditional")
                .details(detail("Code", "/Properties/Code/S3Key", "old.zip", "new.zip", "Conditionally"))
                .build();

        assertThat(ChangeSetDiff.change(change).line())
                .isEqualTo(
                        "[~?] Fn (AWS::Lambda::Function) /Properties/Code/S3Key: old.zip → new.zip (may replace)  (may be replaced)");
    }

    @Test
    void longValuesAndSecurityPropertiesWithoutIncludePropertyValues() {
        // without IncludePropertyValues AWS gives no Path: attribute and name make one; a policy is flagged
        ResourceChange change = ResourceChange.builder()
                .action("Modify")
                .logicalResourceId("Role")
                .resourceType("AWS::IAM::Role")
                .replacement("False")
                .details(
                        ResourceChangeDetail.builder()
                                .target(ResourceTargetDefinition.builder()
                                        .attribute("Properties")
                                        .name("AssumeRolePolicyDocument")
                                        .requiresRecreation("Never")
                                        .build())
                                .build(),
                        detail("Policies", "/Properties/Policies/0", "x".repeat(61), "y", "Never"))
                .build();

        assertThat(ChangeSetDiff.change(change).line())
                .isEqualTo(
                        "[~] Role (AWS::IAM::Role) /Properties/AssumeRolePolicyDocument, /Properties/Policies/0  [security]");
    }

    @Test
    void addRemoveAndDynamic() {
        assertThat(ChangeSetDiff.change(ResourceChange.builder()
                                .action("Add")
                                .logicalResourceId("Q")
                                .resourceType("AWS::SQS::Queue")
                                .build())
                        .line())
                .isEqualTo("[+] Q (AWS::SQS::Queue)");
        assertThat(ChangeSetDiff.change(ResourceChange.builder()
                                .action("Remove")
                                .logicalResourceId("Q")
                                .resourceType("AWS::SQS::Queue")
                                .build())
                        .kind())
                .isEqualTo(TemplateDiff.Kind.REMOVED);
        assertThat(ChangeSetDiff.change(ResourceChange.builder()
                                .action("Dynamic")
                                .logicalResourceId("Q")
                                .resourceType("AWS::SQS::Queue")
                                .build())
                        .line())
                .isEqualTo("[~] Q (AWS::SQS::Queue) (decided while deploying)");
    }

    @Test
    void changeSetNamesFollowCloudFormationsPatternAndAreUnique() {
        String name = ChangeSetDiff.changeSetName("a_very.long-" + "s".repeat(200));
        assertThat(name).matches("[a-zA-Z][-a-zA-Z0-9]*").hasSizeLessThanOrEqualTo(128);
        assertThat(ChangeSetDiff.changeSetName("x")).isNotEqualTo(ChangeSetDiff.changeSetName("x"));
    }
}
