package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.common.Constants;
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
        GatewayUser user = GatewayUser.forThisProcess();
        user.own(parent); // the gateway's state folder, as GatewayProcess.start leaves it
        Path root = parent.resolve("workspace");
        WorkspaceSync sync = new WorkspaceSync(s3, "ws-bucket", "workspaces/u1/", root, user);

        WorkspaceSync.Result restored = sync.restore();

        assertThat(restored.files()).isEqualTo(2);
        assertThat(root.resolve("AGENTS.md")).hasContent("agents");
        assertThat(root.resolve("notes/deep/todo.md")).hasContent("todo");
        assertThat(parent.resolve("escape.txt")).doesNotExist();
        assertThat(root.resolve("other-user.md")).doesNotExist();
        if (user.separate()) { // the bridge is root: the restored files are the gateway user's
            for (Path restoredPath : List.of(
                    root, root.resolve("AGENTS.md"), root.resolve("notes/deep"), root.resolve("notes/deep/todo.md"))) {
                assertThat(Files.getAttribute(restoredPath, "unix:uid"))
                        .as(restoredPath.toString())
                        .isEqualTo(Constants.GATEWAY_UID);
            }
        } else {
            System.out.println("[isolation] " + user.description());
        }

        assertThat(sync.backup().files())
                .as("nothing changed since the restore")
                .isZero();

        Files.writeString(root.resolve("AGENTS.md"), "agents, edited");
        Files.setLastModifiedTime(
                root.resolve("AGENTS.md"), FileTime.from(Instant.now().plusSeconds(5)));
        Files.writeString(root.resolve("new.md"), "new");
        Files.createSymbolicLink(root.resolve("link-to-outside"), parent.resolve("secret.txt"));
        Files.writeString(parent.resolve("secret.txt"), "must not be uploaded");

        WorkspaceSync.Result backup = sync.backup();

        assertThat(backup.files()).isEqualTo(2);
        assertThat(s3.getObjectAsBytes(b -> b.bucket("ws-bucket").key("workspaces/u1/AGENTS.md"))
                        .asUtf8String())
                .isEqualTo("agents, edited");
        assertThat(s3.getObjectAsBytes(b -> b.bucket("ws-bucket").key("workspaces/u1/new.md"))
                        .asUtf8String())
                .isEqualTo("new");
        List<String> keys = s3.listObjectsV2(b -> b.bucket("ws-bucket").prefix("workspaces/u1/")).contents().stream()
                .map(S3Object::key)
                .toList();
        assertThat(keys).noneMatch(key -> key.contains("link-to-outside"));
    }

    @Test
    void anEmptyPrefixRestoresNothingAndAMissingWorkspaceBacksUpNothing(Moto moto) throws Exception {
        S3Client s3 = moto.client(S3Client.builder());
        s3.createBucket(b -> b.bucket("ws-empty"));
        Path root = Files.createTempDirectory("ws-empty").resolve("never-created");

        assertThat(new WorkspaceSync(s3, "ws-empty", "workspaces/nobody", root, GatewayUser.forThisProcess())
                        .backup()
                        .files())
                .isZero();
        assertThat(new WorkspaceSync(s3, "ws-empty", "workspaces/nobody", root, GatewayUser.forThisProcess())
                        .restore()
                        .files())
                .isZero();
        assertThat(root).isEmptyDirectory();
    }

    /**
     * Attack: the agent puts a root-only file of the bridge into its workspace as a regular file (a hard link
     * here, made by the test as root; or a path swapped for a link between the backup's walk and its read), so the
     * backup carries it to S3 and the next restore hands it over. Defence: the backup reads as the gateway's user.
     * As root (CI) the gateway user is another one and the file must stay out of the bucket; as another user the
     * separation is off, which the test asserts and prints.
     */
    @Test
    void theBackupReadsWithTheGatewayUsersRightsSoARootOnlyFileNeverReachesTheBucket(Moto moto) throws Exception {
        S3Client s3 = moto.client(S3Client.builder());
        s3.createBucket(b -> b.bucket("ws-attack"));
        GatewayUser user = GatewayUser.forThisProcess();
        Path state = Files.createTempDirectory("ws-attack");
        user.own(state);
        Path root = state.resolve("workspace");
        WorkspaceSync sync = new WorkspaceSync(s3, "ws-attack", "workspaces/u1/", root, user);
        sync.restore();
        Path secret = Files.createTempFile("bridge-secret", ".key"); // 0600, the bridge's
        Files.writeString(secret, "bridge-private-key-material");
        Files.writeString(root.resolve("notes.md"), "the agent's notes");
        Files.createLink(root.resolve("stolen.key"), secret);

        WorkspaceSync.Result backup = sync.backup();

        List<String> keys = s3.listObjectsV2(b -> b.bucket("ws-attack")).contents().stream()
                .map(S3Object::key)
                .toList();
        assertThat(keys).contains("workspaces/u1/notes.md");
        if (user.separate()) {
            assertThat(keys).doesNotContain("workspaces/u1/stolen.key");
            assertThat(backup.files()).isEqualTo(1);
        } else {
            assertThat(user.description()).contains("user separation is off");
            System.out.println("[isolation] not root, so this attack is not defended here: " + user.description());
        }
        assertThat(secret).hasContent("bridge-private-key-material"); // nothing changed
        assertThat(Files.getAttribute(secret, "unix:uid")).isEqualTo(GatewayUser.currentUid());
    }

    private static void put(S3Client s3, String key, String content) {
        s3.putObject(b -> b.bucket("ws-bucket").key(key), RequestBody.fromString(content));
    }
}
