package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Workspace restore and backup against S3 on moto. */
@ExtendWith(MotoExtension.class)
class WorkspaceSyncTest {

    @Test
    void restoresBacksUpOnlyChangesAndNeverLeavesTheWorkspace(Moto moto) throws Exception {
        S3Client s3 = moto.client(S3Client.builder());
        s3.createBucket(b -> b.bucket("ws-bucket"));
        put(s3, "workspaces/u1/AGENTS.md", "agents");
        put(s3, "workspaces/u1/notes/deep/todo.md", "todo");
        put(s3, "workspaces/u1/../escape.txt", "outside");
        put(s3, "workspaces/u2/other-user.md", "not mine");
        Path parent = Files.createTempDirectory("ws-test");
        Path root = parent.resolve("workspace");
        WorkspaceSync sync = new WorkspaceSync(s3, "ws-bucket", "workspaces/u1/", root);

        WorkspaceSync.Result restored = sync.restore();

        assertThat(restored.files()).isEqualTo(2);
        assertThat(root.resolve("AGENTS.md")).hasContent("agents");
        assertThat(root.resolve("notes/deep/todo.md")).hasContent("todo");
        assertThat(parent.resolve("escape.txt")).doesNotExist();
        assertThat(root.resolve("other-user.md")).doesNotExist();

        assertThat(sync.backup().files()).as("nothing changed since the restore").isZero();

        Files.writeString(root.resolve("AGENTS.md"), "agents, edited");
        Files.setLastModifiedTime(root.resolve("AGENTS.md"), FileTime.from(Instant.now().plusSeconds(5)));
        Files.writeString(root.resolve("new.md"), "new");
        Files.createSymbolicLink(root.resolve("link-to-outside"), parent.resolve("secret.txt"));
        Files.writeString(parent.resolve("secret.txt"), "must not be uploaded");

        WorkspaceSync.Result backup = sync.backup();

        assertThat(backup.files()).isEqualTo(2);
        assertThat(s3.getObjectAsBytes(b -> b.bucket("ws-bucket").key("workspaces/u1/AGENTS.md")).asUtf8String())
                .isEqualTo("agents, edited");
        assertThat(s3.getObjectAsBytes(b -> b.bucket("ws-bucket").key("workspaces/u1/new.md")).asUtf8String()).isEqualTo("new");
        List<String> keys = s3.listObjectsV2(b -> b.bucket("ws-bucket").prefix("workspaces/u1/")).contents().stream()
                .map(S3Object::key).toList();
        assertThat(keys).noneMatch(key -> key.contains("link-to-outside"));
    }

    @Test
    void anEmptyPrefixRestoresNothingAndAMissingWorkspaceBacksUpNothing(Moto moto) throws Exception {
        S3Client s3 = moto.client(S3Client.builder());
        s3.createBucket(b -> b.bucket("ws-empty"));
        Path root = Files.createTempDirectory("ws-empty").resolve("never-created");

        assertThat(new WorkspaceSync(s3, "ws-empty", "workspaces/nobody", root).backup().files()).isZero();
        assertThat(new WorkspaceSync(s3, "ws-empty", "workspaces/nobody", root).restore().files()).isZero();
        assertThat(root).isEmptyDirectory();
    }

    private static void put(S3Client s3, String key, String content) {
        s3.putObject(b -> b.bucket("ws-bucket").key(key), RequestBody.fromString(content));
    }
}
