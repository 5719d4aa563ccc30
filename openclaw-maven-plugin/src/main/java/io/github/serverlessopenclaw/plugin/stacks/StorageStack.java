package io.github.serverlessopenclaw.plugin.stacks;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.RowSchema;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.constructs.Construct;

/**
 * The five tables (keys as docs/protocol.md lists them; TTL on {@code ttl} everywhere, since every table has
 * expiring rows, Settings for link OTPs) and the data bucket for workspace backups. Buckets are emptied by
 * {@code openclaw:destroy}, not by a custom resource.
 */
final class StorageStack extends OpenClawStack {

    StorageStack(Construct scope, StackConfig config) {
        super(scope, ProductStack.STORAGE, config, "DynamoDB tables and the workspace data bucket");
        for (Table table : Table.values()) {
            software.amazon.awscdk.services.dynamodb.Table.Builder builder =
                    software.amazon.awscdk.services.dynamodb.Table.Builder.create(this, table.suffix())
                            .tableName(names.table(table))
                            .partitionKey(string(Constants.PK))
                            .billingMode(BillingMode.PAY_PER_REQUEST)
                            .timeToLiveAttribute(Constants.TTL)
                            .removalPolicy(RemovalPolicy.DESTROY);
            if (hasSortKey(table)) {
                builder.sortKey(string(Constants.SK));
            }
            if (table == Table.CONVERSATIONS) {
                builder.pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build());
            }
            software.amazon.awscdk.services.dynamodb.Table created = builder.build();
            if (table == Table.CONNECTIONS) {
                created.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                        .indexName(Constants.CONNECTIONS_BY_USER_INDEX)
                        .partitionKey(string(RowSchema.Connections.USER_ID))
                        .sortKey(string(Constants.CONNECTED_AT))
                        .projectionType(ProjectionType.ALL)
                        .build());
            }
        }

        Bucket data = Bucket.Builder.create(this, "WorkspaceData")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        share(SharedValue.DATA_BUCKET, data.getBucketName());
        output(OutputKey.DataBucket, data.getBucketName(), "Workspace backups of the containers");
    }

    /** Tables whose rows are many per partition (messages, settings, pending messages). */
    private static boolean hasSortKey(Table table) {
        return table == Table.CONVERSATIONS || table == Table.SETTINGS || table == Table.PENDING_MESSAGES;
    }

    private static Attribute string(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }
}
